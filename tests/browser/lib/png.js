/**
 * A minimal PNG decoder for browser screenshots (8-bit RGB/RGBA, non-interlaced — what Chromium
 * and Firefox produce), so the tests can look at the pixels the browser painted: an underline
 * drawn through the CSS Custom Highlight API from a content script is only proven by its pixels.
 * No dependencies (node:zlib).
 */
import { inflateSync } from 'node:zlib';

/**
 * @param {Buffer} buf  PNG file bytes
 * @returns {{ width: number, height: number, rgba: Uint8Array }}
 */
export function decodePng(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('decodePng: not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9];
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || data[12] !== 0) {
        throw new Error(`decodePng: unsupported PNG (bit depth ${depth}, colour type ${colorType}, interlace ${data[12]})`);
      }
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[i] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = cur[x * bpp];
      out[o + 1] = cur[x * bpp + 1];
      out[o + 2] = cur[x * bpp + 2];
      out[o + 3] = bpp === 4 ? cur[x * bpp + 3] : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/**
 * How many pixels inside `rect` (CSS px × `scale`) are within `tolerance` (per channel) of `rgb`.
 * @param {{ width: number, height: number, rgba: Uint8Array }} img
 * @param {{ left: number, top: number, right: number, bottom: number }} rect
 * @param {[number, number, number]} rgb
 */
export function countColor(img, rect, rgb, { tolerance = 40, scale = 1 } = {}) {
  const x0 = Math.max(0, Math.floor(rect.left * scale));
  const x1 = Math.min(img.width, Math.ceil(rect.right * scale));
  const y0 = Math.max(0, Math.floor(rect.top * scale));
  const y1 = Math.min(img.height, Math.ceil(rect.bottom * scale));
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * img.width + x) * 4;
      if (Math.abs(img.rgba[o] - rgb[0]) <= tolerance && Math.abs(img.rgba[o + 1] - rgb[1]) <= tolerance
        && Math.abs(img.rgba[o + 2] - rgb[2]) <= tolerance) n++;
    }
  }
  return n;
}
