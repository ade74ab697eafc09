import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileStorage } from '../../commands/wallet/file-storage.ts';

/**
 * Content-addressed file storage on local disk (payment proofs, attachments), behind the
 * commands' FileStorage port. Files are kept under a generated name (their sha256), never a
 * client-given path.
 */

export function localFileStorage(root: string): FileStorage {
  const fileOf = (tenantId: string, sha256: string) => {
    if (!/^[a-f0-9]{64}$/.test(sha256) || !/^[a-z0-9-]+$/.test(tenantId))
      throw new Error('bad file reference');
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
