import { fieldError } from '../../catalog/field-error.ts';
import { conflict, type Decider } from '../../shared/decider.ts';
import {
  defineSeries,
  formatDocumentNumber,
  type SeriesDocumentType,
} from '../../tax/numbering/document-series.ts';
import { financialYear } from '../../tax/numbering/financial-year.ts';
import { TaxError } from '../../tax/tax-error.ts';
import type { SeriesEvent } from './events.ts';

export interface SeriesState {
  last: number;
  /** documentId → the number it was given. */
  assigned: Record<string, { counter: number; documentNumber: string }>;
}

/** `format` and `maxCounter` come from the tenant's legal profile (DEFAULT_SERIES when unset). */
export type SeriesCommand = {
  type: 'AssignNumber';
  tenantId: string;
  documentType: SeriesDocumentType;
  financialYear: string;
  documentId: string;
  documentDate: string;
  format: string;
  maxCounter: number;
  now: string;
};

export const initialSeries: SeriesState = { last: 0, assigned: {} };

function assignNumber(c: SeriesCommand, s: SeriesState): SeriesEvent[] {
  if (s.assigned[c.documentId]) return [];
  try {
    if (financialYear(c.documentDate) !== c.financialYear)
      throw fieldError(
        'documentDate',
        `The date ${c.documentDate} is not in financial year ${c.financialYear}.`,
      );
    const series = defineSeries({
      tenantId: c.tenantId,
      documentType: c.documentType,
      format: c.format,
      maxCounter: c.maxCounter,
    });
    const counter = s.last + 1;
    const documentNumber = formatDocumentNumber(series, c.documentDate, counter);
    return [
      {
        type: 'DocumentNumberAssigned',
        data: {
          tenantId: c.tenantId,
          documentType: c.documentType,
          financialYear: c.financialYear,
          documentId: c.documentId,
          counter,
          documentNumber,
          documentDate: c.documentDate,
          assignedAt: c.now,
        },
      },
    ];
  } catch (e) {
    if (e instanceof TaxError)
      throw e.code === 'SERIES_EXHAUSTED'
        ? conflict(e.message)
        : // Stryker disable next-line StringLiteral: equivalent, every TaxError defineSeries, formatDocumentNumber and financialYear throw names its field, so the fallback is never read
          fieldError(e.field ?? 'format', e.message);
    throw e;
  }
}

function decide(command: SeriesCommand, state: SeriesState): SeriesEvent[] {
  switch (command.type) {
    case 'AssignNumber':
      return assignNumber(command, state);
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown series command ${String(unknown)}`);
    }
  }
}

function evolve(state: SeriesState, event: SeriesEvent): SeriesState {
  const { documentId, counter, documentNumber } = event.data;
  return {
    last: counter,
    assigned: { ...state.assigned, [documentId]: { counter, documentNumber } },
  };
}

export const seriesDecider: Decider<SeriesCommand, SeriesEvent, SeriesState> = {
  initialState: initialSeries,
  decide,
  evolve,
};
