// Strips metadata from uploaded photos before they are stored: EXIF (with its GPS position, camera serial
// numbers and time), XMP, IPTC and comments. A photo of a pothole must not publish where its reporter lives.
// Pure: bytes in, bytes out. The pixels are untouched (no re-encoding); the colour profile (ICC) is kept.
//   JPEG: drops APP1 (EXIF, XMP), APP13 (IPTC / Photoshop) and COM segments before the image data.
//   PNG:  drops eXIf, tEXt, zTXt, iTXt and tIME chunks.
//   WebP: drops EXIF and XMP chunks and clears their flags in VP8X.
// A file whose structure cannot be followed is returned unchanged only if it carries no metadata signature at
// all; otherwise it is refused (MalformedImageError), since its metadata could not be removed with certainty.
import { errors } from '../errors.ts';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export class MalformedImageError extends Error {}

const EXIF_SIG = Buffer.from('Exif\0\0', 'latin1');
const XMP_SIG = Buffer.from('http://ns.adobe.com/xap/', 'latin1');
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function hasMetadataSignature(buf: Buffer): boolean {
  return buf.includes(EXIF_SIG) || buf.includes(XMP_SIG) || buf.includes(Buffer.from('eXIf', 'latin1'));
}

function stripJpeg(buf: Buffer): Buffer | null {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  const out: Buffer[] = [buf.subarray(0, 2)];
  let i = 2;
  while (i < buf.length) {
    if (buf[i] !== 0xff) return null;
    // Fill bytes (0xFF repeated) may precede a marker.
    let m = i + 1;
    while (m < buf.length && buf[m] === 0xff) m++;
    if (m >= buf.length) return null;
    const marker = buf[m];
    const start = i;
    i = m + 1;
    if (marker === 0xd9) {
      out.push(buf.subarray(start, i));
      return Buffer.concat(out);
    }
    // Markers without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(buf.subarray(start, i));
      continue;
    }
    if (i + 2 > buf.length) return null;
    const len = buf.readUInt16BE(i);
    if (len < 2 || i + len > buf.length) return null;
    const end = i + len;
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it is image data.
      out.push(buf.subarray(start));
      return Buffer.concat(out);
    }
    const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe;
    if (!drop) out.push(buf.subarray(start, end));
    i = end;
  }
  return Buffer.concat(out);
}

const PNG_DROP = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

function stripPng(buf: Buffer): Buffer | null {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIG)) return null;
  const out: Buffer[] = [buf.subarray(0, 8)];
  let i = 8;
  while (i < buf.length) {
    if (i + 12 > buf.length) return null;
    const len = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    const end = i + 12 + len;
    if (end > buf.length) return null;
    if (!PNG_DROP.has(type)) out.push(buf.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(out);
}

function stripWebp(buf: Buffer): Buffer | null {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WEBP') return null;
  const chunks: Buffer[] = [];
  let i = 12;
  const limit = Math.min(buf.length, 8 + buf.readUInt32LE(4));
  while (i < limit) {
    if (i + 8 > limit) return null;
    const type = buf.toString('latin1', i, i + 4);
    const size = buf.readUInt32LE(i + 4);
    const end = i + 8 + size + (size & 1);
    if (i + 8 + size > limit) return null;
    if (type !== 'EXIF' && type !== 'XMP ') {
      let chunk = buf.subarray(i, Math.min(end, limit));
      if (type === 'VP8X' && size >= 1) {
        chunk = Buffer.from(chunk);
        chunk[8] &= ~(0x08 | 0x04); // EXIF and XMP flags
      }
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** The photo without its metadata; throws MalformedImageError when metadata is present but cannot be removed. */
export function stripImageMetadata(buf: Buffer, type: ImageType): Buffer {
  const stripped = type === 'image/jpeg' ? stripJpeg(buf) : type === 'image/png' ? stripPng(buf) : stripWebp(buf);
  if (stripped) return stripped;
  if (!hasMetadataSignature(buf)) return buf;
  throw new MalformedImageError('the image structure is damaged and it carries metadata');
}

/** For upload handlers: the stripped photo, or a 400 naming the file when it cannot be cleaned. */
export function stripUploadedPhoto(buf: Buffer, type: ImageType, fileIndex = 0): Buffer {
  try {
    return stripImageMetadata(buf, type);
  } catch (e) {
    if (!(e instanceof MalformedImageError)) throw e;
    throw errors.validation({ file: fileIndex }, { zh: '照片文件已损坏，无法读取', en: 'The photo file is damaged' });
  }
}
