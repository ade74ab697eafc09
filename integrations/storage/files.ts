import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Content-addressed file storage on local disk (payment proofs, attachments). Files are kept
 * under a generated name (their sha256), never a client-given path.
 */
export interface FileStorage {
  put(tenantId: string, bytes: Buffer): Promise<string>;
  get(tenantId: string, sha256: string): Promise<Buffer | null>;
}

export function localFileStorage(root: string): FileStorage {
  const fileOf = (tenantId: string, sha256: string) => {
    if (!/^[a-f0-9]{64}$/.test(sha256) || !/^[a-z0-9-]+$/.test(tenantId)) throw new Error('bad file reference');
    return path.join(root, tenantId, sha256.slice(0, 2), sha256);
  };
  return {
    async put(tenantId, bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = fileOf(tenantId, sha256);
      if (!existsSync(file)) {
        await mkdir(path.dirname(file), { recursive: true });
        // On disk before put answers: the event that names the file is appended next, and must
        // never outlive it in a crash. Written aside, flushed, renamed, directory flushed.
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        const handle = await open(tmp, 'w');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, file);
        await syncDirectory(path.dirname(file));
      }
      return sha256;
    },
    async get(tenantId, sha256) {
      try {
        return await readFile(fileOf(tenantId, sha256));
      } catch {
        return null;
      }
    },
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export type ProofType = 'image/png' | 'image/jpeg' | 'image/webp' | 'application/pdf';

/** The type a file really is, from its first bytes; null when it is none we accept. */
export function sniffProofType(bytes: Buffer): ProofType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
