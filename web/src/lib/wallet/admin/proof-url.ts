/**
 * The proof's URL comes from the API; it is only ever followed when it points at this site over
 * http(s), so a crafted value cannot become a javascript: link or send admins elsewhere.
 */
export function sameOriginUrl(raw: string, origin: string = location.origin): string | null {
  try {
    const url = new URL(raw, origin);
    if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      return null;
    return url.href;
  } catch {
    return null;
  }
}
