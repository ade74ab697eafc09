import { describe, expect, it } from 'vitest';
import { prettyJson } from './pretty-json';

describe('prettyJson', () => {
  it('indents objects and arrays', () => {
    expect(prettyJson('{"a":1,"b":[true,null],"c":{}}')).toBe(
      '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ],\n  "c": {}\n}',
    );
  });

  it('keeps big numbers and string contents exactly', () => {
    const text = '{"position":123456789012345678901,"note":"a, b: {c} \\"q\\""}';
    expect(prettyJson(text)).toBe(
      '{\n  "position": 123456789012345678901,\n  "note": "a, b: {c} \\"q\\""\n}',
    );
  });

  it('handles empty containers with inner whitespace', () => {
    expect(prettyJson('{"a":[ ]}')).toBe('{\n  "a": []\n}');
  });
});
