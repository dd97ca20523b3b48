// A real small filesystem for a data directory: a tmpfs of a chosen size, so a full disk is
// the kernel's ENOSPC (and SQLite's own report of it), not an error a test injects. Mounting
// needs CAP_SYS_ADMIN; where it is refused, the suite that needs it skips and says why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SmallDisk = {
  readonly path: string;
  // Bytes in use, as df counts them (whole blocks), and the filesystem's size.
  usedBytes(): number;
  sizeBytes(): number;
  // Grows or shrinks the filesystem in place; what it holds stays. Shrinking below what is
  // in use is refused by the kernel.
  resize(bytes: number): void;
  unmount(): void;
};

const mounted = new Set<string>();
let exitHookInstalled = false;

function mountOptions(bytes: number): string {
  // tmpfs rounds the size up to whole pages; kilobytes keep the number readable in `mount`.
  return `size=${Math.ceil(bytes / 1024)}k,mode=0700`;
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function unmountQuietly(path: string): void {
  try {
    run('umount', [path]);
  } catch {
    // Still busy (a file open in a dying process): detached now, freed once closed.
    try {
      run('umount', ['-l', path]);
    } catch {
      return;
    }
  }
  mounted.delete(path);
  try {
    rmdirSync(path);
  } catch {
    // Left for the temp directory's owner.
  }
}

export function mountSmallDisk(bytes: number): SmallDisk {
  const path = mkdtempSync(join(tmpdir(), 'lb-small-disk-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', mountOptions(bytes), 'tmpfs', path]);
  } catch (error) {
    rmdirSync(path);
    throw error;
  }
  mounted.add(path);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A test file that crashes must not leave its mounts behind.
    process.on('exit', () => {
      for (const left of [...mounted]) unmountQuietly(left);
    });
  }
  return {
    path,
    usedBytes() {
      const stats = statfsSync(path);
      return (stats.blocks - stats.bfree) * stats.bsize;
    },
    sizeBytes() {
      const stats = statfsSync(path);
      return stats.blocks * stats.bsize;
    },
    resize(size) {
      run('mount', ['-o', `remount,${mountOptions(size)}`, path]);
    },
    unmount: () => {
      unmountQuietly(path);
    },
  };
}

function errorText(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
  if (stderr !== undefined && stderr !== '') return stderr;
  return error instanceof Error ? error.message : String(error);
}

// For describe()'s skip option: false when a tmpfs can be mounted here, else the reason,
// printed loudly. Not an error under CI: the simulated full disk (an ENOSPC injected in the
// Maildir writer, test/integration/local-transfer.test.ts) still runs there.
export function smallDiskSkipReason(): string | false {
  try {
    mountSmallDisk(64 * 1024).unmount();
    return false;
  } catch (error) {
    const reason =
      `SKIPPED: a real full disk needs a tmpfs, and mounting one was refused (${errorText(error).replace(/\.$/, '')}; ` +
      'it needs root with CAP_SYS_ADMIN). The simulated full disk, an ENOSPC injected in test/integration/local-transfer.test.ts, still runs.';
    console.warn(`\n*** ${reason} ***\n`);
    return reason;
  }
}
