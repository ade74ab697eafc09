import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/decider.ts';
import { specFor } from '../../shared/spec.ts';
import { seriesDecider, type SeriesCommand } from './decider.ts';
import { seriesStreamId, type SeriesEvent } from './events.ts';

const given = specFor(seriesDecider);
const now = '2026-05-01T10:00:00.000Z';
const assign = (documentId: string, over: Partial<SeriesCommand> = {}): SeriesCommand => ({
  type: 'AssignNumber',
  tenantId: 'akashone',
  documentType: 'invoice',
  financialYear: '2026-27',
  documentId,
  documentDate: '2026-05-01',
  format: 'INV/{FY4}/{SEQ:5}',
  maxCounter: 99999,
  now,
  ...over,
});
const assigned = (documentId: string, counter: number, documentNumber: string): SeriesEvent => ({
  type: 'DocumentNumberAssigned',
  data: {
    tenantId: 'akashone',
    documentType: 'invoice',
    financialYear: '2026-27',
    documentId,
    counter,
    documentNumber,
    documentDate: '2026-05-01',
    assignedAt: now,
  },
});

describe('document series counter', () => {
  it('starts at 1 and follows on without gaps', () => {
    given([])
      .when(assign('i1'))
      .then([assigned('i1', 1, 'INV/2627/00001')]);
    given([assigned('i1', 1, 'INV/2627/00001'), assigned('i2', 2, 'INV/2627/00002')])
      .when(assign('i3'))
      .then([assigned('i3', 3, 'INV/2627/00003')]);
  });
  it('the same document asking again keeps its number and takes no other', () => {
    const history = [assigned('i1', 1, 'INV/2627/00001'), assigned('i2', 2, 'INV/2627/00002')];
    given(history).when(assign('i1')).then([]);
    expect(fold(seriesDecider, history).assigned.i1).toEqual({
      counter: 1,
      documentNumber: 'INV/2627/00001',
    });
  });
  it('100 documents in a row take 1..100', () => {
    let state = seriesDecider.initialState;
    for (let i = 1; i <= 100; i++)
      for (const e of seriesDecider.decide(assign(`d${i}`), state))
        state = seriesDecider.evolve(state, e);
    expect(Object.values(state.assigned).map((a) => a.counter)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });
  it('refuses a date outside the stream’s financial year, a bad format, an exhausted series', () => {
    given([])
      .when(assign('i1', { documentDate: '2027-04-01' }))
      .thenRefuses('BAD_USER_INPUT', /^The date 2027-04-01 is not in financial year 2026-27/);
    given([])
      .when(assign('i1', { documentDate: '2026-02-30' }))
      .thenRefuses('BAD_USER_INPUT', /\(date\)/);
    given([])
      .when(assign('i1', { format: 'INV {SEQ}' }))
      .thenRefuses('BAD_USER_INPUT', /\(format\)/);
    given([assigned('i1', 1, 'INV/2627/00001')])
      .when(assign('i2', { maxCounter: 1 }))
      .thenRefuses('CONFLICT', /outside the invoice series/);
  });
  it('an unknown command is a programming error', () =>
    expect(() =>
      seriesDecider.decide({ type: 'Bogus' } as never, seriesDecider.initialState),
    ).toThrowError('unknown series command Bogus'));
  it('has one stream per tenant, document type and year', () =>
    expect(seriesStreamId('akashone', 'credit-note', '2026-27')).toBe(
      'series-akashone-credit-note-2026-27',
    ));
});
