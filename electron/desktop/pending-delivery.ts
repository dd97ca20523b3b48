// Holds what main wants to tell the window until the window can hear it. A mailto: link
// that launched the app arrives before the page has loaded; sent then, it would be lost.
export type PendingDelivery<T> = {
  push(item: T): void;
  // The page has loaded: deliver what waited, in order, and everything after at once.
  ready(send: (item: T) => void): void;
  // The page is gone or reloading: hold items again.
  notReady(): void;
};

export function createPendingDelivery<T>(maxWaiting: number): PendingDelivery<T> {
  let waiting: T[] = [];
  let sender: ((item: T) => void) | null = null;
  return {
    push(item) {
      if (sender !== null) {
        sender(item);
        return;
      }
      waiting.push(item);
      // A flood of links while the window is away keeps only the latest few.
      if (waiting.length > maxWaiting) waiting = waiting.slice(-maxWaiting);
    },
    ready(send) {
      sender = send;
      const queued = waiting;
      waiting = [];
      for (const item of queued) send(item);
    },
    notReady() {
      sender = null;
    },
  };
}
