import { aboutField, DomainError } from '../shared/decider.ts';

/**
 * A BAD_USER_INPUT naming a nested field the way zod validation does (`items.0.hostname` →
 * path ["items", "0", "hostname"]), so forms map domain refusals and schema refusals alike.
 */
export function fieldError(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', aboutField(field, message), [
    { path: field.split('.'), message },
  ]);
}
