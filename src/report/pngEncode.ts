/**
 * PNG files of the images resvg draws. resvg's own encoder (`asPng`) filters every row adaptively and
 * compresses at its default level: about 13 ms of a figure's ~50 ms at the 2× scale of the reports.
 * Plot images are mostly flat colour, where zlib at level 3 on unfiltered rows is as small (56 KB
 * against resvg's 58 KB, measured on a report's 15 figures) in a fifth of the time, so an opaque image
 * is encoded here: 8-bit RGBA, no filter, Node's zlib. An image with a pixel that is not opaque is left
 * to `asPng`, because resvg's pixels are premultiplied by alpha and only its encoder undoes that as
 * it does. The pixels are the same either way; the compressed bytes depend on the zlib Node bundles.
 */
import zlib from 'node:zlib';

/** What resvg's `render()` gives (`RenderedImage`). */
export interface RenderedPixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 8 bits per channel, premultiplied by alpha, row by row from the top. */
  readonly pixels: Buffer;
  asPng(): Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A chunk: its length, type, data and the CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The PNG of an opaque RGBA image (every alpha 255), or undefined when a pixel is not opaque. */
export function opaquePng(width: number, height: number, rgba: Uint8Array): Buffer | undefined {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return undefined;
  const stride = 4 * width;
  const rows = Buffer.alloc((stride + 1) * height); // each row: filter type 0 (none), then its pixels
  for (let y = 0; y < height; y++) rows.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA (compression, filter and interlace methods 0)
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 3 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The PNG of a drawn image: encoded here when it is opaque, else by resvg. */
export function pngOf(image: RenderedPixels): Buffer {
  return opaquePng(image.width, image.height, image.pixels) ?? image.asPng();
}
