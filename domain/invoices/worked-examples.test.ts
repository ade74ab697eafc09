/**
 * Worked examples, checked to the paisa against figures worked by hand (written here as
 * literals, never recomputed by the engine). The operator is registered in Maharashtra (27);
 * the order is the VPS Pro of the order spec: ₹1,234.56 a month, ₹499.00 setup fee, cPanel/WHM
 * ₹449.00 and Daily Backup ₹120.50 a month.
 *
 * By hand, 18 % per line, half up:
 *   IGST: 1234.56 × 18 % = 222.2208 → 222.22;  499.00 → 89.82;  449.00 → 80.82;  120.50 → 21.69
 *         sum 414.55; taxable 2,303.06; total 2,717.61
 *   CGST = SGST at 9 %: 111.1104 → 111.11;  44.91;  40.41;  10.845 → 10.85 (half up)
 *         each 207.28, tax 414.56 (a paisa more than IGST: per-line rounding); total 2,717.62
 */
import { describe, expect, it } from 'vitest';
import { demoSnapshot, T } from '../catalog/spec-fixtures.ts';
import { priceOrder } from '../orders/pricing.ts';
import { EXPORT_UNDER_LUT_LEGEND } from '../tax/supply/determine-supply.ts';
import { invoiceDecider } from './decider.ts';
import type { BillingRecipient, InvoiceEvent, Supplier } from './events.ts';

const now = '2026-05-01T10:00:00.000Z';
const supplier: Supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Pune, Maharashtra',
  lutNumber: 'AD270326000123X',
};
const { lines } = priceOrder(
  [
    {
      planId: 'plan-vps',
      cycle: 'MONTHLY',
      operatingSystemId: 'os-ubuntu',
      dataCentreId: 'dc-mum',
      hostname: 'web1.example.com',
      addons: [{ addonId: 'addon-cpanel' }, { addonId: 'addon-backup' }],
    },
  ],
  demoSnapshot(),
);
const person = (over: Partial<BillingRecipient>): BillingRecipient => ({
  name: 'Asha Rao',
  address: 'somewhere',
  country: 'IN',
  stateCode: null,
  gstin: null,
  sez: false,
  ...over,
});

function issue(recipient: BillingRecipient) {
  const [event] = invoiceDecider.decide(
    {
      type: 'IssueProforma',
      tenantId: T,
      invoiceId: 'i1',
      customerId: 'c1',
      orderId: 'o1',
      lines,
      supplier,
      recipient,
      now,
    },
    invoiceDecider.initialState,
  ) as [Extract<InvoiceEvent, { type: 'ProformaIssued' }>];
  return event.data.document;
}
const heads = (doc: ReturnType<typeof issue>, head: 'cgst' | 'sgst' | 'utgst' | 'igst') =>
  doc.lines.map((l) => `${l.taxes[head].rate}%:${l.taxes[head].amount}`);

const igstTotals = {
  amount: '2303.06',
  discount: '0.00',
  taxableValue: '2303.06',
  cgst: '0.00',
  sgst: '0.00',
  utgst: '0.00',
  igst: '414.55',
  tax: '414.55',
  roundOff: '0.00',
  total: '2717.61',
};

describe('worked examples: operator in Maharashtra (27)', () => {
  it('intra-state Maharashtra customer: CGST 9 % + SGST 9 % per line', () => {
    const doc = issue(person({ stateCode: '27' }));
    expect(doc.supply).toMatchObject({
      supplyType: 'B2C',
      placeOfSupply: '27',
      taxSystem: 'CGST+SGST',
      interState: false,
    });
    expect(doc.lines.map((l) => l.taxableValue)).toEqual(['1234.56', '499.00', '449.00', '120.50']);
    expect(heads(doc, 'cgst')).toEqual(['9%:111.11', '9%:44.91', '9%:40.41', '9%:10.85']);
    expect(heads(doc, 'sgst')).toEqual(['9%:111.11', '9%:44.91', '9%:40.41', '9%:10.85']);
    expect(doc.lines.map((l) => l.total)).toEqual(['1456.78', '588.82', '529.82', '142.20']);
    expect(doc.totals).toEqual({
      amount: '2303.06',
      discount: '0.00',
      taxableValue: '2303.06',
      cgst: '207.28',
      sgst: '207.28',
      utgst: '0.00',
      igst: '0.00',
      tax: '414.56',
      roundOff: '0.00',
      total: '2717.62',
    });
    expect(doc.amountInWords).toBe(
      'Rupees Two Thousand Seven Hundred Seventeen and Sixty Two Paise Only',
    );
  });
  it('inter-state Karnataka customer: IGST 18 %', () => {
    const doc = issue(person({ stateCode: '29' }));
    expect(doc.supply).toMatchObject({
      supplyType: 'B2C',
      placeOfSupply: '29',
      placeOfSupplyName: 'Karnataka',
      taxSystem: 'IGST',
      interState: true,
    });
    expect(heads(doc, 'igst')).toEqual(['18%:222.22', '18%:89.82', '18%:80.82', '18%:21.69']);
    expect(doc.totals).toEqual(igstTotals);
    expect(doc.amountInWords).toBe(
      'Rupees Two Thousand Seven Hundred Seventeen and Sixty One Paise Only',
    );
  });
  it('Chandigarh customer: a union territory, but inter-state from Maharashtra, so IGST and no UTGST', () => {
    const doc = issue(person({ stateCode: '04' }));
    expect(doc.supply).toMatchObject({ placeOfSupply: '04', taxSystem: 'IGST' });
    expect(heads(doc, 'utgst')).toEqual(['0%:0.00', '0%:0.00', '0%:0.00', '0%:0.00']);
    expect(doc.totals).toEqual(igstTotals);
  });
  it('registered customer: the GSTIN’s state (Karnataka, 29) is the place of supply, whatever the address says', () => {
    const doc = issue(person({ stateCode: '27', gstin: '29AAFCC9980M1ZR' }));
    expect(doc.supply).toMatchObject({
      supplyType: 'B2B',
      placeOfSupply: '29',
      recipientGstin: '29AAFCC9980M1ZR',
      taxSystem: 'IGST',
    });
    expect(doc.totals).toEqual(igstTotals);
  });
  it('export customer under LUT: zero-rated with the legend; the total is the taxable value', () => {
    const doc = issue(person({ country: 'US', address: 'Austin, Texas' }));
    expect(doc.supply).toMatchObject({
      supplyType: 'EXPWOP',
      placeOfSupply: '96',
      taxSystem: 'ZERO_RATED',
      legend: EXPORT_UNDER_LUT_LEGEND,
    });
    expect(doc.lines.map((l) => [l.gstRate, l.taxTotal])).toEqual([
      ['18', '0.00'],
      ['18', '0.00'],
      ['18', '0.00'],
      ['18', '0.00'],
    ]);
    expect(doc.totals).toEqual({
      amount: '2303.06',
      discount: '0.00',
      taxableValue: '2303.06',
      cgst: '0.00',
      sgst: '0.00',
      utgst: '0.00',
      igst: '0.00',
      tax: '0.00',
      roundOff: '0.00',
      total: '2303.06',
    });
    expect(doc.amountInWords).toBe('Rupees Two Thousand Three Hundred Three and Six Paise Only');
  });
  it('export without LUT pays IGST 18 %', () => {
    const { lutNumber: _lut, ...rest } = supplier;
    const [event] = invoiceDecider.decide(
      {
        type: 'IssueProforma',
        tenantId: T,
        invoiceId: 'i1',
        customerId: 'c1',
        orderId: null,
        lines,
        supplier: { ...rest, lutNumber: null },
        recipient: person({ country: 'us' }),
        now,
      },
      invoiceDecider.initialState,
    );
    expect(
      event?.type === 'ProformaIssued' && [
        event.data.document.supply.supplyType,
        event.data.document.totals.total,
      ],
    ).toEqual(['EXPWP', '2717.61']);
  });
  it('a ₹449.00 shared plan in Maharashtra, rounded to the rupee: 449.00 + 40.41 + 40.41 = 529.82 → 530.00 (+0.18)', () => {
    const shared = priceOrder(
      [
        {
          planId: 'plan-shared',
          cycle: 'MONTHLY',
          operatingSystemId: 'os-ubuntu',
          dataCentreId: 'dc-mum',
          hostname: 'site',
          addons: [],
        },
      ],
      demoSnapshot(),
    ).lines;
    const [event] = invoiceDecider.decide(
      {
        type: 'IssueProforma',
        tenantId: T,
        invoiceId: 'i2',
        customerId: 'c1',
        orderId: null,
        lines: shared,
        supplier,
        recipient: person({ stateCode: '27' }),
        roundOff: 'rupee',
        now,
      },
      invoiceDecider.initialState,
    );
    expect(event?.type === 'ProformaIssued' && event.data.document.totals).toEqual({
      amount: '449.00',
      discount: '0.00',
      taxableValue: '449.00',
      cgst: '40.41',
      sgst: '40.41',
      utgst: '0.00',
      igst: '0.00',
      tax: '80.82',
      roundOff: '0.18',
      total: '530.00',
    });
  });
});
