import { describe, expect, it } from 'vitest';
import { MalformedImageError, stripImageMetadata, stripUploadedPhoto } from './image-metadata.ts';

const seg = (marker: number, payload: Buffer) => {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, payload]);
};
const GPS = Buffer.from('GPSLatitude 39.2251N GPSLongitude 117.1253E', 'latin1');

/** A JPEG with JFIF, EXIF (with a GPS tag), XMP, a comment, an ICC profile, a scan and the end marker. */
function jpegWithGps(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), GPS])),
    seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>home address</x:xmpmeta>', 'latin1')),
    seg(0xfe, Buffer.from('taken at home', 'latin1')),
    seg(0xe2, Buffer.from('ICC_PROFILE\0profile', 'latin1')),
    seg(0xda, Buffer.from([0x00, 0x01, 0x02])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]),
  ]);
}

const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.from([0, 0, 0, 0])]);
};

describe('stripImageMetadata', () => {
  it('removes EXIF, GPS, XMP and comments from a JPEG and keeps the picture and colour profile', () => {
    const src = jpegWithGps();
    const out = stripImageMetadata(src, 'image/jpeg');
    expect(out.includes(Buffer.from('Exif'))).toBe(false);
    expect(out.includes(GPS)).toBe(false);
    expect(out.includes(Buffer.from('xmpmeta'))).toBe(false);
    expect(out.includes(Buffer.from('taken at home'))).toBe(false);
    expect(out.includes(Buffer.from('ICC_PROFILE'))).toBe(true);
    expect(out.includes(Buffer.from('JFIF'))).toBe(true);
    expect(out.subarray(-7)).toEqual(Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]));
    expect(stripImageMetadata(out, 'image/jpeg')).toEqual(out);
  });

  it('removes text and eXIf chunks from a PNG', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', Buffer.alloc(13)),
      chunk('eXIf', Buffer.concat([Buffer.from('MM\0*'), GPS])),
      chunk('tEXt', Buffer.from('Comment\0my address')),
      chunk('IDAT', Buffer.from([1, 2, 3])),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const out = stripImageMetadata(png, 'image/png');
    expect(out.includes(GPS)).toBe(false);
    expect(out.includes(Buffer.from('my address'))).toBe(false);
    expect(out.includes(Buffer.from('IDAT'))).toBe(true);
    expect(out.length).toBe(8 + 25 + 15 + 12);
  });

  it('removes EXIF and XMP chunks from a WebP and clears their flags', () => {
    const riff = (body: Buffer) => {
      const h = Buffer.alloc(12);
      h.write('RIFF', 0, 'latin1');
      h.writeUInt32LE(4 + body.length, 4);
      h.write('WEBP', 8, 'latin1');
      return Buffer.concat([h, body]);
    };
    const wchunk = (type: string, data: Buffer) => {
      const h = Buffer.alloc(8);
      h.write(type, 0, 'latin1');
      h.writeUInt32LE(data.length, 4);
      return Buffer.concat([h, data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
    };
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x08 | 0x04;
    const src = riff(Buffer.concat([wchunk('VP8X', vp8x), wchunk('VP8 ', Buffer.from([9, 9, 9, 9])), wchunk('EXIF', GPS), wchunk('XMP ', Buffer.from('<x/>'))]));
    const out = stripImageMetadata(src, 'image/webp');
    expect(out.includes(GPS)).toBe(false);
    expect(out.includes(Buffer.from('XMP '))).toBe(false);
    expect(out[20] & 0x0c).toBe(0);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
  });

  it('passes a damaged file without metadata unchanged and refuses a damaged one with metadata', () => {
    const tiny = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
    expect(stripImageMetadata(tiny, 'image/jpeg')).toEqual(tiny);
    const damaged = jpegWithGps().subarray(0, 40);
    expect(() => stripImageMetadata(damaged, 'image/jpeg')).toThrow(MalformedImageError);
    expect(() => stripUploadedPhoto(damaged, 'image/jpeg', 2)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
