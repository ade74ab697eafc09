/** Payment proofs: what the API accepts, checked here first so people learn it before uploading. */

export const proofContentTypes = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/pdf',
] as const;
export const maxProofBytes = 5 * 1024 * 1024;
/** For the file input's `accept`. */
export const proofAccept = proofContentTypes.join(',');

/** "2.4 MB", "312 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Why `file` cannot be a proof, or null when it can. */
export function proofProblem(file: File): string | null {
  if (!(proofContentTypes as readonly string[]).includes(file.type)) {
    return 'Upload a PNG, JPEG or WebP image, or a PDF.';
  }
  if (file.size === 0) return 'This file is empty.';
  if (file.size > maxProofBytes) {
    return `This file is ${formatBytes(file.size)}; the limit is 5 MB. Upload a smaller screenshot or PDF.`;
  }
  return null;
}

/** The file's bytes as base64 (without the data: URL prefix). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file.'));
    reader.readAsDataURL(file);
  });
}
