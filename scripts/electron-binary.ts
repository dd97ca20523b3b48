// Finds Electron's executable the way the electron package's index.js does (path.txt
// names it inside dist/), but without index.js's side effect of starting a download
// that can hang where there is no internet.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function findElectronBinary(electronPackageDir: string): string | null {
  let relative: string;
  try {
    relative = readFileSync(path.join(electronPackageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (relative === '' || path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) return null;
  const binary = path.join(electronPackageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}
