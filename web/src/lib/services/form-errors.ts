import { ApiError } from '../graphql/errors';

/**
 * Sorts an API error onto a form's fields by path: `['input', 'ssh', 'password']` lands on
 * `ssh.password` when the form has it, else on `ssh`; `['input', 'ipAddresses', '1']` on
 * `ipAddresses`. What names no field of the form is a form-level message.
 */
export function issuesByPath<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fields: Partial<Record<F, string>>; form: string[] } {
  const out: { fields: Partial<Record<F, string>>; form: string[] } = { fields: {}, form: [] };
  if (!(error instanceof ApiError)) {
    out.form.push(error instanceof Error ? error.message : 'Something went wrong.');
    return out;
  }
  if (error.code !== 'BAD_USER_INPUT' || error.issues.length === 0) {
    out.form.push(error.message);
    return out;
  }
  const known = new Set<string>(fields);
  for (const issue of error.issues) {
    const path = issue.path[0] === 'input' ? issue.path.slice(1) : issue.path;
    let field: F | null = null;
    for (let n = path.length; n > 0 && !field; n--) {
      const key = path.slice(0, n).join('.');
      if (known.has(key)) field = key as F;
    }
    if (field && !out.fields[field]) out.fields[field] = issue.message;
    else if (!field) out.form.push(issue.message);
  }
  return out;
}
