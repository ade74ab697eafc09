/**
 * A mail service refused a mail or could not be reached. `permanent` is true when sending the
 * same mail again cannot succeed (an SMTP 5xx reply, a SendGrid 4xx other than 429): the sender
 * records it failed instead of retrying. `code` is the service's own (SMTP reply code, HTTP
 * status, or a network error code such as ECONNREFUSED).
 */
export class MailDeliveryError extends Error {
  readonly permanent: boolean;
  readonly code?: string;
  constructor(message: string, options: { permanent: boolean; code?: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MailDeliveryError';
    this.permanent = options.permanent;
    if (options.code !== undefined) this.code = options.code;
  }
}

/** Whether a thrown value is a refusal that retrying cannot cure. */
export const isPermanentRefusal = (error: unknown): boolean =>
  error instanceof MailDeliveryError && error.permanent;
