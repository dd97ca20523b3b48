// Deadlines for network steps that a trickling server cannot stretch. An inactivity timer
// (imapflow's socketTimeout, a silence timeout) restarts on every byte, so a server sending
// one byte a minute holds a connection for ever. Here a step must finish within `stepMs`;
// only a step that keeps receiving at least `minBytesPerWindow` in each window of `stepMs`
// (a large message on a slow link) or keeps completing commands may run longer.
export type StepDeadlines = {
  readonly stepMs: number;
  readonly minBytesPerWindow: number;
};

// 16 KiB a minute (about 270 bytes a second) is far below any real link, and far above a trickle.
export const DEFAULT_MIN_BYTES_PER_WINDOW = 16 * 1024;

export function stepDeadlines(
  stepMs: number,
  minBytesPerWindow: number = DEFAULT_MIN_BYTES_PER_WINDOW,
): StepDeadlines {
  return { stepMs, minBytesPerWindow };
}

export class ProgressDeadline {
  readonly #deadlines: StepDeadlines;
  readonly #onExpired: () => void;
  #timer: NodeJS.Timeout | null = null;
  #bytes = 0;
  #completed = 0;
  #expired = false;

  constructor(deadlines: StepDeadlines, onExpired: () => void) {
    this.#deadlines = deadlines;
    this.#onExpired = onExpired;
  }

  get expired(): boolean {
    return this.#expired;
  }

  // Something is awaited from the server; a running deadline keeps running.
  arm(): void {
    if (this.#timer !== null || this.#expired) return;
    this.#bytes = 0;
    this.#completed = 0;
    this.#timer = setTimeout(this.#windowEnded, this.#deadlines.stepMs);
  }

  // Nothing is awaited from the server any more.
  disarm(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  received(bytes: number): void {
    this.#bytes += bytes;
  }

  // A step finished (a response read in full), which counts as progress in its window.
  completed(): void {
    this.#completed += 1;
  }

  readonly #windowEnded = (): void => {
    this.#timer = null;
    if (
      this.#completed > 0 ||
      this.#bytes >= this.#deadlines.minBytesPerWindow
    ) {
      this.arm();
      return;
    }
    this.#expired = true;
    this.#onExpired();
  };
}

// Named steps that may overlap (commands queued on one connection): the deadline runs while
// any is pending, and on expiry names the oldest.
export class StepWatchdog {
  readonly #deadline: ProgressDeadline;
  readonly #pending: string[] = [];
  #expiredStep: string | null = null;

  constructor(deadlines: StepDeadlines, onExpired: (step: string) => void) {
    this.#deadline = new ProgressDeadline(deadlines, () => {
      this.#expiredStep = this.#pending[0] ?? "an answer";
      onExpired(this.#expiredStep);
    });
  }

  // The step that ran out of time, or null while none has.
  get expiredStep(): string | null {
    return this.#expiredStep;
  }

  received(bytes: number): void {
    this.#deadline.received(bytes);
  }

  async run<T>(step: string, work: () => Promise<T>): Promise<T> {
    this.#pending.push(step);
    this.#deadline.arm();
    try {
      return await work();
    } finally {
      this.#pending.splice(this.#pending.indexOf(step), 1);
      this.#deadline.completed();
      if (this.#pending.length === 0) this.#deadline.disarm();
    }
  }

  dispose(): void {
    this.#deadline.disarm();
  }
}
