import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderTemplate, templateVariables, unknownVariables } from './template.ts';

describe('mail template engine', () => {
  it('fills in known variables, plain and dotted', () => {
    expect(
      renderTemplate('Hello {{name}}, from {{ brand.name }}.', {
        name: 'Asha',
        brand: { name: 'KloudNests' },
      }),
    ).toBe('Hello Asha, from KloudNests.');
  });

  it('leaves expressions, unknown names and prototype members as written', () => {
    const vars = { name: 'Asha', brand: { name: 'K' } };
    for (const literal of [
      '{{7*7}}',
      '{{constructor}}',
      '{{__proto__}}',
      '{{name.length}}',
      '{{brand.constructor}}',
      '{{brand.toString}}',
      '{{unknown}}',
      '{{brand}}',
      '{{ name() }}',
      '{{#each x}}',
      '{{process.env.HOME}}',
    ])
      expect(renderTemplate(`a ${literal} b`, vars)).toBe(`a ${literal} b`);
  });

  it('never reads inserted values as template text', () => {
    expect(renderTemplate('{{message}}', { message: 'see {{link}}', link: 'http://x' })).toBe(
      'see {{link}}',
    );
  });

  it('keeps an #if section when its variable is a non-empty string, else the else part', () => {
    const t = 'A{{#if paid}} paid {{name}}{{else}} unpaid{{/if}}.';
    expect(renderTemplate(t, { paid: 'yes', name: 'N' })).toBe('A paid N.');
    expect(renderTemplate(t, { paid: '', name: 'N' })).toBe('A unpaid.');
    expect(renderTemplate('{{#if paid}}x{{/if}}', {})).toBe('{{#if paid}}x{{/if}}');
  });

  it('does not escape HTML (the layout does)', () => {
    expect(renderTemplate('{{x}}', { x: '<b>&' })).toBe('<b>&');
  });

  it('lists the variables a template uses and the unknown ones', () => {
    const t = 'Hi {{name}} {{#if paid}}{{amount}}{{else}}no{{/if}} {{7*7}} {{name}} {{who}}';
    expect(templateVariables(t)).toEqual(['name', 'paid', 'amount', 'who']);
    expect(unknownVariables(t, ['name', 'paid', 'amount'])).toEqual(['who']);
  });

  const varsArb = fc.dictionary(
    fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
    fc.oneof(fc.string(), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.string())),
  );

  it('never throws, whatever the template and variables', () => {
    fc.assert(
      fc.property(fc.string(), varsArb, (template, vars) => {
        expect(typeof renderTemplate(template, vars)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('{{', '}}', '#if ', '/if', 'else', 'a', '.', ' ', 'x', '{', '}')),
        varsArb,
        (parts, vars) => {
          expect(typeof renderTemplate(parts.join(''), vars)).toBe('string');
        },
      ),
    );
  });

  it('returns a text without placeholders unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('{{')),
        varsArb,
        (text, vars) => {
          expect(renderTemplate(text, vars)).toBe(text);
        },
      ),
    );
  });

  it('inserts any value verbatim', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (before, value, after) => {
        fc.pre(!before.includes('{{') && !after.includes('{{') && !before.endsWith('{'));
        fc.pre(!after.startsWith('}'));
        expect(renderTemplate(`${before}{{v}}${after}`, { v: value })).toBe(before + value + after);
      }),
    );
  });
});
