// Bundles the Electron main process and the preload. A sandboxed preload can require
// only Electron's own modules, so it must be one self-contained CommonJS file.
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(import.meta.dirname, '..');

export async function buildElectron(outDir: string): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: repoRoot,
  };
  await Promise.all([
    ...['main', 'store/header-writer-worker', 'search/body-text-worker', 'mime/message-view-worker', 'local/export-encoding-worker', 'imap/body-structure-worker'].map((entry) =>
      build({
        ...common,
        entryPoints: [`electron/${entry}.ts`],
        outfile: path.join(outDir, `${path.basename(entry)}.cjs`),
        platform: 'node',
        target: 'node22',
        // Dependencies load from node_modules at run time, as Node would load them.
        packages: 'external',
        // CommonJS has no import.meta; the header writer finds its worker file beside the bundle by it.
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      }),
    ),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(outDir, 'preload.cjs'),
      // Runs in the renderer's sandbox: no Node built-ins may slip in.
      platform: 'browser',
      target: 'chrome128',
      // zod (for the channel list) makes it large; it is parsed on every window load.
      minify: true,
    }),
  ]);
}

// import.meta.main arrived only in Node 22.18; this works on every supported Node.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildElectron(path.join(repoRoot, 'dist', 'electron'));
}
