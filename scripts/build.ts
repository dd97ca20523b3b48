// `npm run build`: the renderer and the Electron bundles, into dist/.
import path from 'node:path';
import { buildElectron } from './build-electron.ts';
import { buildRenderer } from './build-renderer.ts';

const dist = path.resolve(import.meta.dirname, '..', 'dist');
const started = performance.now();
await Promise.all([buildRenderer(path.join(dist, 'renderer')), buildElectron(path.join(dist, 'electron'))]);
console.log(`Built Letterbox into ${path.relative(process.cwd(), dist) || '.'} in ${Math.round(performance.now() - started)} ms.`);
