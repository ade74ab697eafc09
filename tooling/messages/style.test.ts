import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/decider.ts';
import { notSentences } from '../../domain/shared/message-style.ts';
import { parseInput, plainText } from '../../commands/shared/validate.ts';
import { z } from 'zod';
import { inStyle, messagesIn } from './scan.ts';

/** Server source whose refusals people read (GraphQL errors and field issues). */
const files = execSync(
  "git ls-files 'domain/**.ts' 'commands/**.ts' 'graphql/**.ts' 'integrations/**.ts' 'processes/**.ts' 'server/**.ts'",
  {
    cwd: new URL('../..', import.meta.url),
  },
)
  .toString()
  .split('\n')
  .filter((f) => f && !/\.test\.ts$|\/testing\/|testing\.ts$|\/generated\//.test(f));

/**
 * Messages that are built from parts the scan cannot see into; each is a sentence at run time
 * (the reason says why). Keep this short: a new message starts with words.
 */
const ALLOWED: Record<string, string> = {
  // zod's own messages, capitalised and given a full stop
  'commands/shared/validate.ts ${…}.': 'the sentence is made from zod’s message',
  // "Plan p1 not found.": the thing's name, capitalised
  'domain/shared/decider.ts ${…}${…} not found.': 'the first letter is upper-cased',
  // "Invoice INV/1 has no line 3 (lines 1 to 2) (scope.lines[0])." or "Line 2 is named twice …"
  'domain/tax/notes/credit-note.ts ${…} (${…}).': 'both reasons start with a capital',
  // 'Data centre "Mumbai" is not mapped …; plan … (Settings → Provisioning).'
  'domain/services/settings.ts ${…} (Settings → Provisioning).': 'sentenceStart() upper-cases it',
};

describe('one message style: sentence case with a full stop, server refusals included', () => {
  const found = files.flatMap((f) =>
    messagesIn(f, readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')),
  );

  it('finds the messages it checks (the scan sees refusals at all)', () => {
    expect(found.length).toBeGreaterThan(500);
    expect(found.map((m) => m.text)).toContain('Wrong email or password.');
  });

  it('every refusal in the source is a sentence', () => {
    const off = found
      .filter((m) => !inStyle(m.text) && !(`${m.file} ${m.text}` in ALLOWED))
      .map((m) => `${m.file}:${m.line}: ${m.text}`);
    expect(off).toEqual([]);
  });

  it('the allow-list holds only messages that are still there', () => {
    const there = new Set(found.map((m) => `${m.file} ${m.text}`));
    expect(Object.keys(ALLOWED).filter((k) => !there.has(k))).toEqual([]);
  });

  it('the scan catches a lowercase message (a route answer’s too), one without a full stop and one starting with a value', () => {
    const source = [
      "throw badInput('name', 'required');",
      "throw conflict('This already exists');",
      "throw new DomainError('NOT_FOUND', `${what} is gone.`);",
      "const s = z.string().min(1, 'required');",
      "ctx.addIssue({ code: 'custom', message: 'not an amount' });",
      "return reply.code(401).send({ error: 'sign in first' });",
      "throw conflict('This already exists.');",
    ].join('\n');
    expect(messagesIn('x.ts', source).map((m) => inStyle(m.text))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('zod’s own messages and the joined field messages come out as sentences', () => {
    const schema = z.object({ name: plainText(5), n: z.number(), id: z.string().uuid() });
    let error: unknown;
    try {
      parseInput(schema, { name: 'toolong', n: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(notSentences(error as DomainError)).toEqual([]);
    expect((error as DomainError).message).toBe(
      'At most 5 characters (name). Expected number, received string (n). Required (id).',
    );
  });
});
