/**
 * Command ids for mutations. The API applies a commandId once and answers a repeat with the
 * first answer, but refuses the same id with different input. So an id belongs to one user
 * intent: retrying the same submission (after a network error, or a double click) reuses it,
 * and changing the input starts a new intent with a fresh id.
 */
export class CommandIntent {
  #id: string | null = null;
  #fingerprint: string | null = null;

  /** The id to send with `input`: the previous one if the input is unchanged, else a new one. */
  idFor(input: unknown): string {
    const fingerprint = JSON.stringify(input);
    if (this.#id === null || fingerprint !== this.#fingerprint) {
      this.#id = newCommandId();
      this.#fingerprint = fingerprint;
    }
    return this.#id;
  }

  /** Forget the intent once it has an answer, so the next submission is a new command. */
  done(): void {
    this.#id = null;
    this.#fingerprint = null;
  }
}

/** A random UUID v4; falls back to getRandomValues where randomUUID is missing (plain-http hosts). */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
