import { sniffProofType } from '../wallet/proof-type.ts';

export type AttachmentType =
  'image/png' | 'image/jpeg' | 'image/webp' | 'application/pdf' | 'application/zip' | 'text/plain';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Files in one message, and their bytes together (the request carries them all at once). */
export const ATTACHMENTS_PER_MESSAGE = 5;
export const ATTACHMENTS_TOTAL_BYTES = 25 * 1024 * 1024;
const TEXT_EXTENSIONS = /\.(txt|log)$/i;

/**
 * The type an attachment really is, from its bytes; null when it is none we accept (PDF, PNG,
 * JPEG, WebP, ZIP, and .txt/.log that are UTF-8 text without markup). The client's stated type
 * and the file name's extension must agree with it: an HTML page named .png is refused.
 */
export function sniffAttachmentType(bytes: Uint8Array, fileName: string): AttachmentType | null {
  const binary = sniffProofType(bytes);
  if (binary) return binary;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05))
    return 'application/zip';
  if (!TEXT_EXTENSIONS.test(fileName)) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- binary bytes are what this looks for
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return null;
  if (/^\s*<(!doctype|html|script|svg)/i.test(text)) return null;
  return 'text/plain';
}

/** Whether the name's extension fits the sniffed type. */
export function extensionFits(fileName: string, type: AttachmentType): boolean {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const allowed: Record<AttachmentType, string[]> = {
    'image/png': ['png'],
    'image/jpeg': ['jpg', 'jpeg'],
    'image/webp': ['webp'],
    'application/pdf': ['pdf'],
    'application/zip': ['zip'],
    'text/plain': ['txt', 'log'],
  };
  return allowed[type].includes(ext);
}
