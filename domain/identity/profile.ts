import { DomainError, type FieldIssue, fieldsMessage } from '../shared/decider.ts';
import { FOREIGN_COUNTRY, indianPlace, parseGstin, TaxError } from '../tax/index.ts';
import type { BillingAddress } from './account-events.ts';

/** A customer's billing details as typed, before the rules below. */
export interface ProfileDraft {
  name: string;
  company: string | null;
  phone: string | null;
  address: BillingAddress | null;
  gstin: string | null;
}

const PIN_CODE = /^[1-9][0-9]{5}$/;
const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;

/**
 * The billing profile rules. Invoices take the place of supply from here, so the state must be
 * a real Indian state (or "96" abroad) and a GSTIN must pass its check character and belong to
 * the billing state: GST is charged by the recipient's registration, not by where mail goes.
 * Returns the profile with the GSTIN in its canonical form; refuses with one issue per field.
 */
export function checkProfile(draft: ProfileDraft): ProfileDraft {
  const issues: FieldIssue[] = [];
  const issue = (path: string[], message: string) => issues.push({ path, message });

  if (draft.name.length < 1 || draft.name.length > 120)
    issue(['name'], 'Name must be 1 to 120 characters.');
  if (draft.phone !== null) {
    const digits = draft.phone.replace(/\D/g, '');
    if (!PHONE.test(draft.phone) || digits.length < 7 || digits.length > 15) {
      issue(['phone'], 'Enter a phone number of 7–15 digits, e.g. +91 98200 12345.');
    }
  }
  const a = draft.address;
  if (a) {
    if (a.country === 'IN') {
      try {
        indianPlace(a.stateCode, 'stateCode');
      } catch (e) {
        if (!(e instanceof TaxError)) throw e;
        issue(['address', 'stateCode'], e.message);
      }
      if (!PIN_CODE.test(a.postalCode))
        issue(
          ['address', 'postalCode'],
          'An Indian PIN code has 6 digits and does not start with 0.',
        );
    } else if (a.stateCode !== FOREIGN_COUNTRY) {
      issue(
        ['address', 'stateCode'],
        `Outside India the state code is "${FOREIGN_COUNTRY}" (foreign country).`,
      );
    }
  }
  let gstin = draft.gstin;
  if (gstin !== null) {
    try {
      const parsed = parseGstin(gstin, 'gstin');
      gstin = parsed.value;
      if (parsed.kind !== 'regular') {
        issue(
          ['gstin'],
          `GSTIN "${parsed.value}" is a ${parsed.kind.toUpperCase()} registration; give the GSTIN of the business you buy for.`,
        );
      } else if (!a) {
        issue(['address'], 'A GSTIN needs the billing address it is registered at.');
      } else if (a.country !== 'IN') {
        issue(
          ['gstin'],
          'A GSTIN is an Indian registration; remove it or use an Indian billing address.',
        );
      } else if (parsed.stateCode !== a.stateCode) {
        issue(
          ['gstin'],
          `GSTIN "${parsed.value}" is registered in ${parsed.state.name} (${parsed.stateCode}) but the billing state is ${a.stateCode}; use the GSTIN of that state or change the address.`,
        );
      }
    } catch (e) {
      if (!(e instanceof TaxError)) throw e;
      issue(['gstin'], e.message);
    }
  }
  if (issues.length > 0) throw new DomainError('BAD_USER_INPUT', fieldsMessage(issues), issues);
  return { ...draft, gstin };
}
