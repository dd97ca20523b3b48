// Bundles the renderer into one ES module for the strict page (no inline scripts).
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rendererDir = join(root, 'renderer');

export async function buildRenderer(outDir: string): Promise<void> {
  const target = resolve(outDir);
  await mkdir(target, { recursive: true });
  await build({
    entryPoints: [join(rendererDir, 'main.tsx')],
    outfile: join(target, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  await copyFile(join(rendererDir, 'index.html'), join(target, 'index.html'));
  await copyFile(join(rendererDir, 'styles.css'), join(target, 'styles.css'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildRenderer(join(root, 'dist', 'renderer'));
}
