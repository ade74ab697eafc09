import { formatBytes, readAsBase64 } from '../wallet/add-funds/proof-file';
import type { TicketAttachmentInput } from './api';

/**
 * Ticket attachments: a hint here, by the file's name, before anything is uploaded; the server
 * checks each file by its content (an HTML page named .png is refused there).
 */

/** The allow-list by extension, with the content type sent for it. */
const allowed: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  txt: 'text/plain',
  log: 'text/plain',
  zip: 'application/zip',
};

export const maxAttachmentBytes = 10 * 1024 * 1024;
export const maxAttachments = 5;
/** For the file input's `accept`. */
export const attachmentAccept = Object.keys(allowed)
  .map((ext) => `.${ext}`)
  .join(',');
export const attachmentHint = 'PDF, PNG, JPEG, WebP, TXT, LOG or ZIP, up to 10 MB each';

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Why `file` cannot be attached, or null when it may be (the server still checks its content). */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  if (!allowed[extensionOf(file.name)]) {
    return `${file.name}: attach a PDF, PNG, JPEG, WebP, TXT, LOG or ZIP file.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > maxAttachmentBytes) {
    return `${file.name} is ${formatBytes(file.size)}; the limit is 10 MB.`;
  }
  return null;
}

/** The content type sent for `file`: the one its extension stands for. */
export function contentTypeOf(file: { name: string; type: string }): string {
  return allowed[extensionOf(file.name)] ?? (file.type || 'application/octet-stream');
}

/** The files as the API takes them. */
export function toAttachmentInputs(files: File[]): Promise<TicketAttachmentInput[]> {
  return Promise.all(
    files.map(async (f) => ({
      fileName: f.name,
      contentType: contentTypeOf(f),
      base64: await readAsBase64(f),
    })),
  );
}

export { formatBytes };
