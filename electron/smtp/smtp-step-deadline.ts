// Deadlines for each SMTP step (connect, greeting, EHLO and STARTTLS; AUTH; MAIL, RCPT, DATA
// and the final reply). nodemailer's socketTimeout restarts on every byte, so a server that
// trickles one byte a minute would hold a send for ever: here a step ends within
// deadlines.stepMs unless bytes keep moving (either way: a large message uploading to a slow
// server is progress too) at deadlines.minBytesPerWindow a window, or a step completes.
import type { Socket } from 'node:net';
import { ProgressDeadline, type StepDeadlines } from '../net/progress-deadline.ts';

export type SmtpSteps = {
  // The step now running; the previous one completed (progress for the current window).
  begin(step: string): void;
  dispose(): void;
};

// How often the socket's counters are read; several samples a window keep the count close.
const SAMPLES_PER_WINDOW = 4;

type MaybeSocket = Socket | false | null | undefined;

function movedBytes(socket: MaybeSocket): number {
  if (socket === undefined || socket === null || socket === false) return 0;
  // Bytes handed to the kernel, not those still queued in Node: a server that stops reading
  // stops this count.
  return socket.bytesRead + Math.max(0, socket.bytesWritten - socket.writableLength);
}

export function watchSmtpSteps(
  socketOf: () => MaybeSocket,
  deadlines: StepDeadlines,
  onExpired: (step: string) => void,
): SmtpSteps {
  let current = 'connecting';
  let lastSocket: MaybeSocket;
  let lastCount = 0;
  const deadline = new ProgressDeadline(deadlines, () => {
    clearInterval(sampler);
    onExpired(current);
  });
  const sample = (): void => {
    const socket = socketOf();
    const count = movedBytes(socket);
    // A new socket (STARTTLS wraps the old one) starts its own count.
    if (socket !== lastSocket) {
      lastSocket = socket;
      lastCount = count;
      return;
    }
    if (count > lastCount) deadline.received(count - lastCount);
    lastCount = count;
  };
  const sampler = setInterval(sample, Math.max(10, Math.floor(deadlines.stepMs / SAMPLES_PER_WINDOW)));
  sampler.unref();
  return {
    begin(step) {
      sample();
      current = step;
      deadline.completed();
      deadline.arm();
    },
    dispose() {
      clearInterval(sampler);
      deadline.disarm();
    },
  };
}
