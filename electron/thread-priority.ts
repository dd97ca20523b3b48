import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

// For a worker thread whose work takes seconds of CPU (parsing or encoding a 100 MB message):
// on a machine with few cores it must not take them from the main thread, which moves windows
// and answers IPC. On Linux a thread has its own nice value (setpriority on its thread id,
// found in /proc/thread-self); elsewhere the thread keeps the process's priority.
export function lowerThisThreadPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
  } catch {
    // Not Linux, or not allowed: the work still runs, at the process's priority.
  }
}
