// The decisions `npm run dist` takes, kept apart from its side effects so they can be
// tested: where Electron's unpacked binary is, how electron-builder is loaded, and how a
// failure is told in one line.
import path from 'node:path';

export type ElectronBuilderApi = {
  build(options: { readonly config: object; readonly publish: 'never' }): Promise<readonly string[]>;
};

export type Loaded = { readonly ok: true; readonly api: ElectronBuilderApi } | { readonly ok: false; readonly message: string };

export const notInstalledMessage =
  'electron-builder is not installed: add it as a devDependency (npm install --save-dev electron-builder), then run npm run dist again.';

export const noElectronMessage =
  "Electron's binary could not be downloaded here, so no package can be built: run npm run dist where Electron's downloads can be reached.";

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export function loadElectronBuilder(requireModule: (name: string) => unknown): Loaded {
  let loaded: unknown;
  try {
    loaded = requireModule('electron-builder');
  } catch (error) {
    if (errorCode(error) === 'MODULE_NOT_FOUND' || errorCode(error) === 'ERR_MODULE_NOT_FOUND') return { ok: false, message: notInstalledMessage };
    return { ok: false, message: `electron-builder could not be loaded: ${firstLine(error)}` };
  }
  if (typeof loaded !== 'object' || loaded === null || !('build' in loaded) || typeof loaded.build !== 'function') {
    return { ok: false, message: 'The installed electron-builder has no build function; install electron-builder 26 or later.' };
  }
  return { ok: true, api: loaded as ElectronBuilderApi };
}

// electron-builder would otherwise download the same Electron again; the electron
// package already unpacked it, for this platform and architecture, into its dist/.
export function withLocalElectron(config: object, electronPackageDir: string): object {
  return { ...config, electronDist: path.join(electronPackageDir, 'dist') };
}

// The first line of an error's message, without a stack: electron-builder's failures
// (a tool it could not download, a missing icon) are long, but their first line says what.
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split(/\r?\n/).find((part) => part.trim() !== '') ?? 'unknown error';
  return line.trim().slice(0, 300);
}

export function packagingFailedMessage(error: unknown): string {
  return `Letterbox's packages could not be built: ${firstLine(error)}`;
}

export function builtMessage(artifacts: readonly string[], outputDir: string, cwd: string): string {
  const names = artifacts.filter((file) => !file.endsWith('.blockmap')).map((file) => path.basename(file));
  return `Built ${names.length} package${names.length === 1 ? '' : 's'} into ${path.relative(cwd, outputDir) || '.'}: ${names.join(', ')}`;
}
