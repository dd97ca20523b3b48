// Windows .ico: one ICONDIR and one entry per size. Sizes under 256 are stored as
// 32-bit BMP (DIB) images, which every Windows version and NSIS read; 256 as PNG,
// which Windows Vista and later read (Microsoft's "Icons" guidance).
import { encodePng, type RgbaImage } from './png.ts';

function dib(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  const maskStride = Math.ceil(width / 32) * 4;
  const out = Buffer.alloc(40 + width * height * 4 + maskStride * height);
  out.writeUInt32LE(40, 0); // BITMAPINFOHEADER size
  out.writeInt32LE(width, 4);
  out.writeInt32LE(height * 2, 8); // colour rows plus the AND mask's rows
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  let offset = 40;
  // DIB rows run bottom to top, pixels as BGRA.
  for (let y = height - 1; y >= 0; y -= 1) {
    for (let x = 0; x < width; x += 1) {
      const source = (y * width + x) * 4;
      out[offset] = pixels[source + 2] ?? 0;
      out[offset + 1] = pixels[source + 1] ?? 0;
      out[offset + 2] = pixels[source] ?? 0;
      out[offset + 3] = pixels[source + 3] ?? 0;
      offset += 4;
    }
  }
  // The AND mask stays all zero: the alpha channel decides transparency.
  return out;
}

export function encodeIco(images: readonly RgbaImage[]): Buffer {
  const entries = images.map((image) => {
    if (image.width !== image.height || image.width < 1 || image.width > 256) throw new Error('ICO images must be square, 1 to 256 pixels.');
    return image.width === 256 ? encodePng(image) : dib(image);
  });
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(images.length, 4);
  let dataOffset = header.length;
  images.forEach((image, index) => {
    const entry = 6 + index * 16;
    const data = entries[index] ?? Buffer.alloc(0);
    header[entry] = image.width === 256 ? 0 : image.width; // 0 means 256
    header[entry + 1] = image.height === 256 ? 0 : image.height;
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(dataOffset, entry + 12);
    dataOffset += data.length;
  });
  return Buffer.concat([header, ...entries]);
}

export type IcoEntry = { readonly width: number; readonly height: number; readonly format: 'png' | 'bmp'; readonly data: Buffer };

export function readIco(file: Buffer): readonly IcoEntry[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('Not an icon file.');
  const count = file.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const entry = 6 + index * 16;
    const size = file.readUInt32LE(entry + 8);
    const offset = file.readUInt32LE(entry + 12);
    const data = file.subarray(offset, offset + size);
    entries.push({
      width: file[entry] === 0 ? 256 : (file[entry] ?? 0),
      height: file[entry + 1] === 0 ? 256 : (file[entry + 1] ?? 0),
      format: data.subarray(1, 4).toString('latin1') === 'PNG' ? 'png' : 'bmp',
      data,
    });
  }
  return entries;
}
