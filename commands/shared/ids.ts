import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (sha256, shaped as a version-8 UUID). Event ids and new aggregate
 * ids come from the commandId this way, so a retried command writes the same ids and the store
 * treats it as the same append.
 */
export function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Stable hash of a command's input, to refuse a reused commandId with different input. */
export function inputHash(canonicalInput: string): string {
  return createHash('sha256').update(canonicalInput).digest('hex').slice(0, 32);
}
