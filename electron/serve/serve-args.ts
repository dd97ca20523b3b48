// The command line of `npm run serve`: --data-dir DIR and --port N (0 = any free port).
import path from 'node:path';
import { parseArgs } from 'node:util';

export type ServeOptions = {
  // Absolute; null means the same per-user directory the desktop app uses.
  readonly dataDir: string | null;
  readonly port: number;
  readonly help: boolean;
};

export type ParsedServeArgs = { readonly ok: true; readonly options: ServeOptions } | { readonly ok: false; readonly message: string };

export const serveUsage = 'Usage: npm run serve -- [--data-dir DIR] [--port N]   (N from 1 to 65535, or 0 for any free port)';

export function parseServeArgs(args: readonly string[], cwd: string): ParsedServeArgs {
  let values: { 'data-dir'?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${error instanceof Error ? error.message : 'The options were not understood.'}\n${serveUsage}` };
  }
  const port = parsePort(values.port ?? '0');
  if (port === null) return { ok: false, message: `The port must be a whole number from 0 to 65535.\n${serveUsage}` };
  const rawDataDir = values['data-dir'];
  if (rawDataDir !== undefined && (rawDataDir.trim() === '' || rawDataDir.includes('\0'))) {
    return { ok: false, message: `The data directory must be a path.\n${serveUsage}` };
  }
  return {
    ok: true,
    options: { dataDir: rawDataDir === undefined ? null : path.resolve(cwd, rawDataDir), port, help: values.help === true },
  };
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}
