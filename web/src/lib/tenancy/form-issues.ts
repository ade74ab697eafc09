import { ApiError } from '../graphql/errors';

/** Field messages per settings section (`brand`, `legal`, `topUps`, ...), keyed by the rest of the path. */
export interface SectionIssues {
  sections: Record<string, Record<string, string>>;
  form: string[];
}

/**
 * Sorts an API refusal onto the settings forms: `['legal', 'invoiceSeries', 'credit-note']` →
 * sections.legal['invoiceSeries.credit-note']. Messages without a known section are form-level.
 */
export function sectionIssues(error: unknown, known: readonly string[]): SectionIssues {
  const out: SectionIssues = { sections: {}, form: [] };
  if (
    !(error instanceof ApiError) ||
    error.code !== 'BAD_USER_INPUT' ||
    error.issues.length === 0
  ) {
    out.form.push(error instanceof Error ? error.message : 'Something went wrong.');
    return out;
  }
  for (const issue of error.issues) {
    const path = issue.path[0] === 'input' ? issue.path.slice(1) : issue.path;
    const [section, ...rest] = path;
    if (section && known.includes(section)) {
      const key = rest.join('.') || '_';
      (out.sections[section] ??= {})[key] ??= issue.message;
    } else out.form.push(issue.message);
  }
  return out;
}
