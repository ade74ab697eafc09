export type ProofType = 'image/png' | 'image/jpeg' | 'image/webp' | 'application/pdf';

/**
 * The type a payment proof really is, from its first bytes; null when it is none we accept.
 * The client's stated type is never trusted: a proof is kept only when both agree.
 */
export function sniffProofType(bytes: Uint8Array): ProofType | null {
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WEBP') return 'image/webp';
  if (text(0, 5) === '%PDF-') return 'application/pdf';
  return null;
}
