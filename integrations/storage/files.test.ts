import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localFileStorage } from './files.ts';

const root = await mkdtemp(path.join(os.tmpdir(), 'files-test-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('local file storage', () => {
  const files = localFileStorage(root);

  it('stores bytes under their sha256 and gives them back', async () => {
    const bytes = Buffer.from('%PDF-1.4 proof of payment');
    const sha = await files.put('akashone', bytes);
    expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await files.get('akashone', sha))!.equals(bytes)).toBe(true);
    expect(await files.get('kloudnests', sha)).toBeNull();
  });

  it('takes the same file from many requests at once and leaves no temporary files', async () => {
    const bytes = Buffer.from('the same upload, sent twenty times');
    const shas = await Promise.all(Array.from({ length: 20 }, () => files.put('akashone', bytes)));
    expect(new Set(shas).size).toBe(1);
    const dir = path.join(root, 'akashone', shas[0]!.slice(0, 2));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses references that are not a sha256 or a tenant id', async () => {
    await expect(files.get('../etc', 'a'.repeat(64))).resolves.toBeNull();
    await expect(files.put('../etc', Buffer.from('x'))).rejects.toThrow('bad file reference');
  });
});
