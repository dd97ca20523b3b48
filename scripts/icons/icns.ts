// macOS .icns: the 'icns' magic and length, then one element per size, each an OSType,
// its length (header included) and PNG data. The PNG-carrying types since OS X 10.7:
// icp4/icp5/icp6 (16/32/64), ic07..ic10 (128..1024), ic11..ic14 (the @2x variants).
import { encodePng, type RgbaImage } from './png.ts';

export const icnsTypes: readonly (readonly [type: string, size: number])[] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function encodeIcns(imageOfSize: (size: number) => RgbaImage): Buffer {
  const elements = icnsTypes.map(([type, size]) => {
    const png = encodePng(imageOfSize(size));
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(elements);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([header, body]);
}

export function readIcns(file: Buffer): readonly { readonly type: string; readonly data: Buffer }[] {
  if (file.toString('latin1', 0, 4) !== 'icns' || file.readUInt32BE(4) !== file.length) throw new Error('Not an icns file.');
  const elements: { type: string; data: Buffer }[] = [];
  let offset = 8;
  while (offset < file.length) {
    const length = file.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > file.length) throw new Error('An icns element runs past the end of the file.');
    elements.push({ type: file.toString('latin1', offset, offset + 4), data: file.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return elements;
}
