// Draws the Letterbox icon (a white envelope on a blue rounded tile) at any size from
// signed distance functions, so every size is drawn crisply rather than scaled down
// from one bitmap. Coverage is taken from the distance to each edge, in pixels.
import type { RgbaImage } from './png.ts';

type Colour = readonly [red: number, green: number, blue: number];

const tileTop: Colour = [0x4a, 0x7f, 0xf5];
const tileBottom: Colour = [0x1f, 0x47, 0xb8];
const paper: Colour = [0xfb, 0xfc, 0xff];
const fold: Colour = [0x2b, 0x5f, 0xd9];

function roundedBox(x: number, y: number, cx: number, cy: number, halfWidth: number, halfHeight: number, radius: number): number {
  const qx = Math.abs(x - cx) - halfWidth + radius;
  const qy = Math.abs(y - cy) - halfHeight + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function coverage(distanceInPixels: number): number {
  return Math.min(1, Math.max(0, 0.5 - distanceInPixels));
}

export function renderIcon(size: number): RgbaImage {
  if (!Number.isInteger(size) || size < 8 || size > 4096) throw new RangeError('Icon sizes run from 8 to 4096 pixels.');
  const pixels = new Uint8Array(size * size * 4);
  // The fold line stays at least 1.25 px wide so it survives at 16x16.
  const foldHalfWidth = Math.max(0.018, 0.65 / size);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const tile = coverage(roundedBox(x, y, 0.5, 0.5, 0.42, 0.42, 0.19) * size);
      if (tile === 0) continue;
      const shade = Math.min(1, Math.max(0, (y - 0.08) / 0.84));
      let colour: [number, number, number] = [0, 1, 2].map((i) => (tileTop[i] ?? 0) * (1 - shade) + (tileBottom[i] ?? 0) * shade) as [number, number, number];
      const envelopeDistance = roundedBox(x, y, 0.5, 0.53, 0.26, 0.18, 0.035) * size;
      const envelope = coverage(envelopeDistance);
      if (envelope > 0) {
        colour = colour.map((c, i) => c * (1 - envelope) + (paper[i] ?? 0) * envelope) as [number, number, number];
        const foldDistance = Math.min(segment(x, y, 0.262, 0.37, 0.5, 0.56), segment(x, y, 0.5, 0.56, 0.738, 0.37)) - foldHalfWidth;
        const line = Math.min(coverage(foldDistance * size), envelope);
        colour = colour.map((c, i) => c * (1 - line) + (fold[i] ?? 0) * line) as [number, number, number];
      }
      const offset = (py * size + px) * 4;
      pixels[offset] = Math.round(colour[0]);
      pixels[offset + 1] = Math.round(colour[1]);
      pixels[offset + 2] = Math.round(colour[2]);
      pixels[offset + 3] = Math.round(tile * 255);
    }
  }
  return { width: size, height: size, pixels };
}
