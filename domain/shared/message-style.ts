import type { DomainError } from './decider.ts';

/**
 * The one style of every message a person reads, server refusals included (GraphQL users read
 * them): a sentence, capital first (or a digit, an amount, a quote), ending with a full stop, a
 * question mark or an exclamation mark.
 */
export const SENTENCE = /^[A-Z0-9₹"'“].*[.?!]$/s;

export const isSentence = (text: string): boolean => SENTENCE.test(text);

/** A refusal's message and its field issues' messages that are not sentences (none: in style). */
export const notSentences = (error: DomainError): string[] =>
  [error.message, ...error.issues.map((i) => i.message)].filter((m) => !isSentence(m));
