import { describe, expect, it } from 'vitest';
import { sniffProofType } from './proof-type.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('sniffProofType', () => {
  it('knows PNG, JPEG, WebP and PDF by their first bytes', () => {
    expect(sniffProofType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest'))).toBe(
      'image/png',
    );
    expect(sniffProofType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffProofType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffProofType(bytes('%PDF-1.7'))).toBe('application/pdf');
  });

  it('refuses anything else, and a file cut short', () => {
    expect(sniffProofType(bytes('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffProofType(bytes('GIF89a'))).toBeNull();
    expect(sniffProofType(bytes([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffProofType(bytes('RIFF', [1, 2, 3, 4], 'AVI '))).toBeNull();
    expect(sniffProofType(bytes('%PDF'))).toBeNull();
    expect(sniffProofType(new Uint8Array())).toBeNull();
  });

  it('the PNG signature alone is enough; a byte off is not', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    expect(sniffProofType(bytes(png))).toBe('image/png');
    expect(sniffProofType(bytes(png.slice(0, 7), [0x00]))).toBeNull();
    expect(sniffProofType(bytes(png.slice(0, 7)))).toBeNull();
  });

  it('JPEG needs all three of FF D8 FF', () => {
    expect(sniffProofType(bytes([0xff, 0xd8, 0xff]))).toBe('image/jpeg');
    expect(sniffProofType(bytes([0x00, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(sniffProofType(bytes([0xff, 0x00, 0xff, 0xe0]))).toBeNull();
    expect(sniffProofType(bytes([0xff, 0xd8, 0x00, 0xe0]))).toBeNull();
    expect(sniffProofType(bytes([0xff, 0xd8]))).toBeNull();
  });

  it('WebP needs RIFF before the size and WEBP after it', () => {
    expect(sniffProofType(bytes('RIFX', [1, 2, 3, 4], 'WEBPVP8 '))).toBeNull();
    expect(sniffProofType(bytes('RIFF', [1, 2, 3, 4], 'WEBQVP8 '))).toBeNull();
    expect(sniffProofType(bytes('RIFF', [1, 2, 3, 4], 'WEB'))).toBeNull();
  });
});
