import { createHmac } from 'node:crypto';

/**
 * CloudStack request signing (the Developer's Guide, "Signing API Requests"): every parameter
 * but `signature`, sorted by name, each value URL-encoded, joined with `&`, the whole string
 * lower-cased, HMAC-SHA1 with the secret key, base64.
 *
 * The encoding is the one the management server recomputes before it compares
 * (`ApiServer.verifyRequest`: `URLEncoder.encode(value, "UTF-8").replaceAll("\\+", "%20")`):
 * RFC 3986 percent-encoding of UTF-8 bytes with spaces as %20, except that Java leaves `*`
 * as is and encodes `~`. Any other choice fails the server's check for values holding them.
 */

export type ApiParams = Readonly<Record<string, string>>;

/** Signature version 3 requests expire this long after they are signed. */
export const SIGNATURE_LIFETIME_MS = 5 * 60_000;

/** A value encoded the way CloudStack encodes it when it checks a signature. */
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()~]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** The string that is signed: sorted `name=encoded value` pairs, lower-cased. */
export function stringToSign(params: ApiParams): string {
  return Object.keys(params)
    .filter((name) => name.toLowerCase() !== 'signature')
    .sort()
    .map((name) => `${name}=${encodeValue(params[name]!)}`)
    .join('&')
    .toLowerCase();
}

/** base64(HMAC-SHA1(secretKey, stringToSign(params))). */
export function signature(params: ApiParams, secretKey: string): string {
  return createHmac('sha1', secretKey).update(stringToSign(params)).digest('base64');
}

/** CloudStack's `expires` format (`yyyy-MM-dd'T'HH:mm:ssZ`), in UTC: 2026-12-02T17:05:00+0000. */
export function formatExpires(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

/**
 * The parameters of a signed request: the caller's, the api key, `signatureversion=3` with
 * `expires` five minutes after `now`, and the signature over all of them.
 */
export function signRequest(
  params: ApiParams,
  keys: { apiKey: string; secretKey: string },
  now: Date,
): Record<string, string> {
  const signed: Record<string, string> = {
    ...params,
    apikey: keys.apiKey,
    signatureversion: '3',
    expires: formatExpires(new Date(now.getTime() + SIGNATURE_LIFETIME_MS)),
  };
  signed.signature = signature(signed, keys.secretKey);
  return signed;
}

/** A query string (or form body) of the parameters, encoded as they were signed. */
export function encodeParams(params: ApiParams): string {
  return Object.keys(params)
    .map((name) => `${encodeValue(name)}=${encodeValue(params[name]!)}`)
    .join('&');
}
