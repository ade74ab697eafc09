import { DomainError, type FieldIssue, fieldsMessage } from '../shared/decider.ts';
import { MoneyError, parseInr } from '../shared/money.ts';
import { TaxError } from '../tax/tax-error.ts';
import { parseGstin } from '../tax/gstin/gstin.ts';
import { indianPlace } from '../tax/states/state-codes.ts';
import { defineSeries, SERIES_DOCUMENT_TYPES } from '../tax/numbering/document-series.ts';
import type { Brand, LegalProfile, TopUpSettings } from './events.ts';

/**
 * The rules a tenant's settings must keep, whoever sets them (the super admin, the tenant's
 * admin, the bootstrap). Each returns every broken rule at once, with the path of the field,
 * so a form can show them all.
 */
const HEX = /^#[0-9a-f]{6}$/i;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const HOST =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** "Name <address>" or a bare address; no line breaks, so no header can be injected. */
const MAIL_FROM =
  /^(?:[^<>\r\n@]{1,80} <[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/** Control and format characters and line or paragraph separators: a brand's name and tagline are one printable line (mail headers, PDFs, page titles). */
const NOT_ONE_LINE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** A support phone as people write it: digits, spaces, +, -, ( and ), 6 to 20 characters. */
const PHONE = /^[0-9 +()-]{6,20}$/;
/** Fewer digits than the shortest subscriber number is no phone number ("+-- ()"). */
const MIN_PHONE_DIGITS = 6;
const digitsIn = (s: string) => s.replace(/\D/g, '').length;
/** The store's meta description: search engines show about 160 characters, link previews up to 300. */
export const MAX_STORE_DESCRIPTION = 300;
/** Angle brackets: the description is plain text, never markup. */
const MARKUP = /[<>]/;

type Check = (path: string[], message: string) => void;

function collect(section: string, run: (fail: Check) => void): void {
  const issues: FieldIssue[] = [];
  run((path, message) => issues.push({ path: [section, ...path], message }));
  if (issues.length > 0) throw new DomainError('BAD_USER_INPUT', fieldsMessage(issues), issues);
}

/** http(s) only (a `javascript:` logo would run in the portal). */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && value.length <= 500;
  } catch {
    return false;
  }
}

export function checkBrand(brand: Brand): void {
  collect('brand', (fail) => {
    if (brand.name.trim().length < 1 || brand.name.length > 80)
      fail(['name'], 'Give a name of 1 to 80 characters.');
    if (NOT_ONE_LINE.test(brand.name))
      fail(['name'], 'One line of printable text: no line breaks, tabs or control characters.');
    if (brand.tagline !== null && brand.tagline.length > 120)
      fail(['tagline'], 'At most 120 characters.');
    if (brand.tagline && NOT_ONE_LINE.test(brand.tagline))
      fail(['tagline'], 'One line of printable text: no line breaks, tabs or control characters.');
    if (!HEX.test(brand.primaryColor)) fail(['primaryColor'], 'A colour as #rrggbb, e.g. #3b82f6.');
    if (brand.accentColor && !HEX.test(brand.accentColor))
      fail(['accentColor'], 'A colour as #rrggbb, e.g. #f59e0b.');
    if (brand.logoUrl && !isWebAddress(brand.logoUrl))
      fail(['logoUrl'], 'An http or https address of an image.');
    if (!EMAIL.test(brand.supportEmail)) fail(['supportEmail'], 'Enter a valid email address.');
    if (brand.supportPhone !== undefined && brand.supportPhone !== null) {
      if (!PHONE.test(brand.supportPhone) || digitsIn(brand.supportPhone) < MIN_PHONE_DIGITS)
        fail(
          ['supportPhone'],
          'A phone number of 6 to 20 characters (digits, spaces, +, - and brackets, at least 6 digits), e.g. +91 22 4000 1234.',
        );
    }
    const description = brand.storeDescription;
    if (description !== undefined && description !== null) {
      if (description.trim().length < 1 || description.length > MAX_STORE_DESCRIPTION)
        fail(['storeDescription'], `Plain text of 1 to ${MAX_STORE_DESCRIPTION} characters.`);
      if (NOT_ONE_LINE.test(description) || MARKUP.test(description))
        fail(
          ['storeDescription'],
          'Plain text on one line: no line breaks, control characters or < > (it is the page description search engines show).',
        );
    }
    if (!MAIL_FROM.test(brand.mailFrom))
      fail(
        ['mailFrom'],
        'An address, or a name and address such as "KloudNests <billing@kloudnests.com>".',
      );
    if (brand.domains.length < 1 || brand.domains.length > 10)
      fail(['domains'], 'Give 1 to 10 host names.');
    for (const host of brand.domains) {
      if (!HOST.test(host))
        fail(
          ['domains'],
          `"${host.slice(0, 60)}" is not a host name (lower case, e.g. portal.example.com).`,
        );
    }
    if (new Set(brand.domains).size !== brand.domains.length)
      fail(['domains'], 'A host name is listed twice.');
  });
}

export function checkLegalProfile(legal: LegalProfile, tenantId: string): void {
  collect('legal', (fail) => {
    if (legal.companyName.trim().length < 2 || legal.companyName.length > 160)
      fail(['companyName'], 'Give the registered name (2 to 160 characters).');
    if (legal.address.trim().length < 5 || legal.address.length > 500)
      fail(['address'], 'Give the registered address (5 to 500 characters).');
    let stateOk = true;
    try {
      indianPlace(legal.stateCode);
    } catch (e) {
      if (!(e instanceof TaxError)) throw e;
      stateOk = false;
      fail(['stateCode'], e.message);
    }
    if (legal.gstin !== null) {
      try {
        const gstin = parseGstin(legal.gstin);
        if (stateOk && gstin.stateCode !== legal.stateCode) {
          fail(
            ['gstin'],
            `This GSTIN is registered in ${gstin.state.name} (${gstin.stateCode}), but the state given is ${legal.stateCode}.`,
          );
        }
      } catch (e) {
        if (!(e instanceof TaxError)) throw e;
        fail(['gstin'], e.message);
      }
    }
    if (legal.invoiceSeries) {
      const formats = new Set<string>();
      for (const documentType of SERIES_DOCUMENT_TYPES) {
        const format = legal.invoiceSeries[documentType];
        try {
          // A five-digit counter must fit: no tenant should run out of numbers mid-year.
          defineSeries({ tenantId, documentType, format, maxCounter: 99_999 });
        } catch (e) {
          if (!(e instanceof TaxError)) throw e;
          fail(['invoiceSeries', documentType], e.message);
        }
        if (formats.has(format))
          fail(['invoiceSeries', documentType], 'Each document type needs its own series.');
        formats.add(format);
      }
    }
    const lut = legal.lutNumber;
    if (lut !== undefined && lut !== null) {
      // The ARN of a filed LUT (form RFD-11): 15 letters and digits, e.g. AD270326000123X.
      if (!/^[A-Z0-9]{15}$/.test(lut))
        fail(
          ['lutNumber'],
          'An LUT is its 15-character ARN in capitals and digits, e.g. AD270326000123X.',
        );
      else if (legal.gstin === null)
        fail(
          ['lutNumber'],
          'A letter of undertaking is filed under a GSTIN; give the GSTIN first.',
        );
    }
  });
}

export function checkTopUpSettings(t: TopUpSettings): void {
  collect('topUps', (fail) => {
    const amount = (field: 'minAmount' | 'maxAmount') => {
      try {
        return parseInr(t[field], field);
      } catch (e) {
        if (!(e instanceof MoneyError)) throw e;
        fail([field], e.message);
        return null;
      }
    };
    const min = amount('minAmount');
    const max = amount('maxAmount');
    if (min && min.lte(0)) fail(['minAmount'], 'The minimum must be more than zero.');
    if (min && max && max.lt(min)) fail(['maxAmount'], 'The maximum must be at least the minimum.');
    if (t.bankAccountName.trim().length < 2 || t.bankAccountName.length > 120)
      fail(['bankAccountName'], 'Give the account holder (2 to 120 characters).');
    if (t.bankName.trim().length < 2 || t.bankName.length > 120)
      fail(['bankName'], 'Give the bank (2 to 120 characters).');
    if (!/^\d{9,18}$/.test(t.bankAccountNumber))
      fail(['bankAccountNumber'], 'An Indian account number has 9 to 18 digits.');
    if (!/^[A-Z]{4}0[A-Z0-9]{6}$/.test(t.bankIfsc))
      fail(['bankIfsc'], 'An IFSC is 4 letters, 0 and 6 letters or digits, e.g. HDFC0000123.');
    if (t.bankBranch !== null && t.bankBranch.length > 120)
      fail(['bankBranch'], 'At most 120 characters.');
    if (t.upiId !== null && !/^[A-Za-z0-9._-]{2,256}@[A-Za-z]{2,64}$/.test(t.upiId))
      fail(['upiId'], 'A UPI id such as name@bank.');
    if (t.cryptoEnabled || t.cryptoAddress) {
      if (!/^[A-Za-z0-9]{20,100}$/.test(t.cryptoAddress))
        fail(['cryptoAddress'], 'A wallet address of 20 to 100 letters and digits.');
      if (t.cryptoAsset.trim().length < 2 || t.cryptoAsset.length > 20)
        fail(['cryptoAsset'], 'Give the coin, e.g. USDT.');
      if (t.cryptoNetwork.trim().length < 2 || t.cryptoNetwork.length > 60)
        fail(['cryptoNetwork'], 'Give the network, e.g. TRON (TRC-20).');
    }
  });
}
