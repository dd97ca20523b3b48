// The window's place, kept as a small JSON file in the app's data directory. Written
// atomically (a temporary file, fsync, rename over the old one), so a crash or power cut
// mid-write leaves the previous file rather than half of a new one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseWindowState, type WindowState } from './window-placement.ts';

export const windowStateFileName = 'window-state.json';

export function windowStatePath(dataDir: string): string {
  return path.join(dataDir, windowStateFileName);
}

// Missing, unreadable or malformed: null, and the window opens at its default place.
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

// Synchronous on purpose: it runs as the window closes, just before the app may quit,
// and the file is a hundred bytes.
export function writeWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const descriptor = openSync(temporary, 'w', 0o600);
    try {
      writeSync(descriptor, `${JSON.stringify(state)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
