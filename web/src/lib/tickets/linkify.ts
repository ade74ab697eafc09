/**
 * Ticket text is plain text: what a customer or staff member writes is never rendered as HTML.
 * The page renders these segments as text nodes, and the web addresses as links (http and https
 * only: a `javascript:` or `data:` "link" stays text).
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'url'; text: string; href: string };

// An address starts with http://, https:// or www. and runs to the next space or angle bracket.
const candidate = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

/** Punctuation that usually ends the sentence rather than the address. */
const trailing = /[.,;:!?'*_~]+$/;

function trimAddress(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(trailing, '');
    // A closing bracket belongs to the address only if the address opened one ("…/Foo_(bar)").
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
    ] as const) {
      if (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

/** `text` cut into plain text and web addresses, in order; joined, the segments are `text`. */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  const push = (s: string) => {
    if (!s) return;
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += s;
    else out.push({ kind: 'text', text: s });
  };
  for (const match of text.matchAll(candidate)) {
    const start = match.index;
    const url = trimAddress(match[0]);
    // "www." alone, or "https://" with nothing after it, is not an address.
    const rest = url.replace(/^(?:https?:\/\/|www\.)/i, '');
    if (!/[a-z0-9]/i.test(rest)) continue;
    push(text.slice(at, start));
    const href = /^www\./i.test(url) ? `https://${url}` : url;
    out.push({ kind: 'url', text: url, href });
    at = start + url.length;
  }
  push(text.slice(at));
  return out;
}
