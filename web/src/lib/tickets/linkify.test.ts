import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('keeps text without addresses as one text segment', () => {
    expect(linkify('My server is down since 10:30.')).toEqual([
      { kind: 'text', text: 'My server is down since 10:30.' },
    ]);
    expect(linkify('')).toEqual([]);
  });

  it('cuts out http, https and www addresses, leaving the sentence around them', () => {
    expect(linkify('See https://status.example.com/incidents/42 and www.example.org now')).toEqual([
      { kind: 'text', text: 'See ' },
      {
        kind: 'url',
        text: 'https://status.example.com/incidents/42',
        href: 'https://status.example.com/incidents/42',
      },
      { kind: 'text', text: ' and ' },
      { kind: 'url', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('leaves the full stop, comma and an unopened bracket outside the address', () => {
    const segments = linkify(
      'Logs (at http://a.example/x?y=1&z=2), then http://b.example/Foo_(bar).',
    );
    expect(segments.filter((s) => s.kind === 'url').map((s) => s.text)).toEqual([
      'http://a.example/x?y=1&z=2',
      'http://b.example/Foo_(bar)',
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(
      'Logs (at http://a.example/x?y=1&z=2), then http://b.example/Foo_(bar).',
    );
  });

  it('never makes a link of other schemes, and markup stays text', () => {
    const text = 'javascript:alert(1) <a href="https://evil.example">x</a> data:text/html,hi';
    const segments = linkify(text);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.kind === 'url')).toEqual([
      { kind: 'url', text: 'https://evil.example', href: 'https://evil.example' },
    ]);
    for (const s of segments) if (s.kind === 'url') expect(s.href).toMatch(/^https?:\/\//);
  });

  it('keeps line breaks in the text and ignores a bare scheme', () => {
    expect(linkify('line one\nhttps://\nwww.')).toEqual([
      { kind: 'text', text: 'line one\nhttps://\nwww.' },
    ]);
  });
});
