/**
 * Where payment proofs (and later attachments) are kept: a port, so commands never reach the
 * disk or an object store themselves. Files are stored under a generated name (their sha256),
 * never a client-given path. The composition root passes an implementation
 * (integrations/storage/files.ts `localFileStorage`).
 */
export interface FileStorage {
  /** Stores the bytes durably before answering; returns their sha256. */
  put(tenantId: string, bytes: Buffer): Promise<string>;
  get(tenantId: string, sha256: string): Promise<Buffer | null>;
}
