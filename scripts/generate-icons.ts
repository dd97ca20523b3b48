// `node scripts/generate-icons.ts`: writes build/'s icons (PNGs 16..1024, icon.ico,
// icon.icns). The outputs are committed; run this again only when the design changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIcns } from './icons/icns.ts';
import { encodeIco } from './icons/ico.ts';
import { encodePng, type RgbaImage } from './icons/png.ts';
import { renderIcon } from './icons/render-icon.ts';

// Linux desktops look for these sizes in hicolor; 1024 doubles as the source electron-builder
// falls back to.
export const pngSizes: readonly number[] = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
// Windows shell sizes (small icons, Explorer views, the taskbar, high DPI).
export const icoSizes: readonly number[] = [16, 24, 32, 48, 64, 128, 256];

export function generateIcons(buildDir: string): readonly string[] {
  const cache = new Map<number, RgbaImage>();
  const imageOfSize = (size: number): RgbaImage => {
    const cached = cache.get(size);
    if (cached !== undefined) return cached;
    const image = renderIcon(size);
    cache.set(size, image);
    return image;
  };
  const iconsDir = path.join(buildDir, 'icons');
  mkdirSync(iconsDir, { recursive: true });
  const written: string[] = [];
  const write = (file: string, data: Buffer): void => {
    writeFileSync(file, data);
    written.push(file);
  };
  for (const size of pngSizes) write(path.join(iconsDir, `${size}x${size}.png`), encodePng(imageOfSize(size)));
  write(path.join(buildDir, 'icon.png'), encodePng(imageOfSize(1024)));
  write(path.join(buildDir, 'icon.ico'), encodeIco(icoSizes.map(imageOfSize)));
  write(path.join(buildDir, 'icon.icns'), encodeIcns(imageOfSize));
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const buildDir = path.resolve(import.meta.dirname, '..', 'build');
  const started = performance.now();
  const written = generateIcons(buildDir);
  console.log(`Wrote ${written.length} icon files into ${path.relative(process.cwd(), buildDir) || '.'} in ${Math.round(performance.now() - started)} ms.`);
}
