import { describe, expect, it } from 'vitest';
import {
  determineSupply,
  EXPORT_UNDER_LUT_LEGEND,
  SEZ_UNDER_LUT_LEGEND,
  type Recipient,
} from '../supply/determine-supply.ts';
import { calculateDocument } from './calculate-document.ts';
import type { CalculatedDocument, LineInput } from './document-types.ts';
import { summarizeBySac } from './summaries.ts';

/**
 * Worked examples: every figure below was computed by hand (the working is in the comments)
 * and is written out, not recomputed, so the engine is checked against arithmetic, not itself.
 */

const MAHARASHTRA_GSTIN = '27AAPFU0939F1ZV';
const KARNATAKA_GSTIN = '29AAFCC9980M1ZR';

const supplyFrom = (supplierStateCode: string, recipient: Recipient) =>
  determineSupply({ supplierStateCode, recipient });
const line = (quantity: string, unitPrice: string, extra: Partial<LineInput> = {}): LineInput => ({
  description: 'VPS 4 GB',
  sac: '998315',
  quantity,
  unitPrice,
  ...extra,
});
const heads = (doc: CalculatedDocument) => {
  const { taxableValue, cgst, sgst, utgst, igst, tax, roundOff, total } = doc.totals;
  return { taxableValue, cgst, sgst, utgst, igst, tax, roundOff, total };
};

describe('calculateDocument: worked examples', () => {
  describe('given a supplier in Maharashtra (27)', () => {
    it('1. same state, registered: 1 × ₹1,000 at 18% → CGST 90.00 + SGST 90.00 = ₹1,180.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'registered', gstin: MAHARASHTRA_GSTIN }),
        lines: [line('1', '1000')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'B2B',
        placeOfSupply: '27',
        taxSystem: 'CGST+SGST',
      });
      expect(doc.lines[0]!.taxes).toEqual({
        cgst: { rate: '9', amount: '90.00' },
        sgst: { rate: '9', amount: '90.00' },
        utgst: { rate: '0', amount: '0.00' },
        igst: { rate: '0', amount: '0.00' },
      });
      expect(heads(doc)).toEqual({
        taxableValue: '1000.00',
        cgst: '90.00',
        sgst: '90.00',
        utgst: '0.00',
        igst: '0.00',
        tax: '180.00',
        roundOff: '0.00',
        total: '1180.00',
      });
      expect(doc.amountInWords).toBe('Rupees One Thousand One Hundred Eighty Only');
    });

    it('2. other state, registered in Karnataka: 1 × ₹1,000 → IGST 18% = 180.00, total ₹1,180.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'registered', gstin: KARNATAKA_GSTIN }),
        lines: [line('1', '1000')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'B2B',
        placeOfSupply: '29',
        interState: true,
        taxSystem: 'IGST',
      });
      expect(heads(doc)).toMatchObject({
        cgst: '0.00',
        sgst: '0.00',
        igst: '180.00',
        total: '1180.00',
      });
    });

    it('3. each head is rounded on its own: ₹100.25 → CGST 9.02 + SGST 9.02 (9.0225 each), while IGST would be 18.05 (18.045)', () => {
      const intra = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('1', '100.25')],
      });
      const inter = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '29' }),
        lines: [line('1', '100.25')],
      });
      expect(heads(intra)).toMatchObject({
        cgst: '9.02',
        sgst: '9.02',
        tax: '18.04',
        total: '118.29',
      });
      expect(heads(inter)).toMatchObject({ igst: '18.05', tax: '18.05', total: '118.30' });
    });

    it('4. a half paisa rounds up on each head: ₹250.50 × 9% = 22.545 → CGST 22.55, SGST 22.55, total ₹295.60', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('1', '250.50')],
      });
      expect(heads(doc)).toMatchObject({
        cgst: '22.55',
        sgst: '22.55',
        tax: '45.10',
        total: '295.60',
      });
    });

    it('5. unregistered with an address in Tamil Nadu: 3 × ₹333.33 = 999.99 → IGST 179.9982 → 180.00, total ₹1,179.99', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '33' }),
        lines: [line('3', '333.33')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'B2C',
        placeOfSupply: '33',
        taxSystem: 'IGST',
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '999.99',
        igst: '180.00',
        total: '1179.99',
      });
    });

    it("6. unregistered without an address: place of supply is the supplier's state, CGST + SGST", () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('2', '99.50')],
      });
      // 2 × 99.50 = 199.00; 199.00 × 9% = 17.91 each; 199.00 + 35.82 = 234.82
      expect(doc.supply).toMatchObject({
        supplyType: 'B2C',
        placeOfSupply: '27',
        taxSystem: 'CGST+SGST',
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '199.00',
        cgst: '17.91',
        sgst: '17.91',
        total: '234.82',
      });
    });

    it('7. SEZ unit in Karnataka with payment: SEZWP, IGST 18% on ₹5,000 = 900.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'sez', gstin: KARNATAKA_GSTIN, payment: 'with-igst' }),
        lines: [line('1', '5000')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'SEZWP',
        placeOfSupply: '29',
        taxSystem: 'IGST',
      });
      expect(heads(doc)).toMatchObject({ igst: '900.00', total: '5900.00' });
    });

    it('8. SEZ unit in the same state with payment is still inter-state: IGST 900.00, no CGST/SGST', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'sez', gstin: MAHARASHTRA_GSTIN, payment: 'with-igst' }),
        lines: [line('1', '5000')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'SEZWP',
        placeOfSupply: '27',
        interState: true,
      });
      expect(heads(doc)).toMatchObject({
        cgst: '0.00',
        sgst: '0.00',
        igst: '900.00',
        total: '5900.00',
      });
    });

    it('9. SEZ unit under LUT: SEZWOP, zero-rated, IGST 0.00 on ₹5,000 and the LUT legend', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'sez', gstin: KARNATAKA_GSTIN, payment: 'under-lut' }),
        lines: [line('1', '5000')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'SEZWOP',
        taxSystem: 'ZERO_RATED',
        legend: SEZ_UNDER_LUT_LEGEND,
      });
      expect(doc.lines[0]).toMatchObject({
        gstRate: '18',
        taxes: { igst: { rate: '0', amount: '0.00' } },
      });
      expect(heads(doc)).toMatchObject({ tax: '0.00', total: '5000.00' });
    });

    it('10. export under LUT: EXPWOP, place 96, 10 × ₹49.99 = ₹499.90 with no tax', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'foreign', payment: 'under-lut' }),
        lines: [line('10', '49.99')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'EXPWOP',
        placeOfSupply: '96',
        legend: EXPORT_UNDER_LUT_LEGEND,
      });
      expect(heads(doc)).toMatchObject({ taxableValue: '499.90', igst: '0.00', total: '499.90' });
    });

    it('11. export with IGST: EXPWP, ₹499.90 × 18% = 89.982 → 89.98, total ₹589.88', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'foreign', payment: 'with-igst' }),
        lines: [line('10', '49.99')],
      });
      expect(doc.supply).toMatchObject({
        supplyType: 'EXPWP',
        placeOfSupply: '96',
        taxSystem: 'IGST',
      });
      expect(heads(doc)).toMatchObject({ igst: '89.98', total: '589.88' });
    });
  });

  describe('given a union territory', () => {
    it('12. Chandigarh (04) to an unregistered buyer there: CGST + UTGST, 2 × ₹500 → 90.00 + 90.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('04', { kind: 'unregistered' }),
        lines: [line('2', '500')],
      });
      expect(doc.supply).toMatchObject({ placeOfSupply: '04', taxSystem: 'CGST+UTGST' });
      expect(doc.lines[0]!.taxes.utgst).toEqual({ rate: '9', amount: '90.00' });
      expect(heads(doc)).toMatchObject({
        cgst: '90.00',
        sgst: '0.00',
        utgst: '90.00',
        total: '1180.00',
      });
    });

    it('13. Ladakh (38): ₹0.25 → CGST and UTGST 0.0225 → 0.02 each', () => {
      const doc = calculateDocument({
        supply: supplyFrom('38', { kind: 'unregistered' }),
        lines: [line('1', '0.25')],
      });
      expect(heads(doc)).toMatchObject({
        cgst: '0.02',
        utgst: '0.02',
        sgst: '0.00',
        total: '0.29',
      });
    });

    it('14. Delhi (07) has a legislature, so it charges SGST, not UTGST', () => {
      const doc = calculateDocument({
        supply: supplyFrom('07', { kind: 'unregistered' }),
        lines: [line('1', '1000')],
      });
      expect(heads(doc)).toMatchObject({ cgst: '90.00', sgst: '90.00', utgst: '0.00' });
    });
  });

  describe('given tax-inclusive prices', () => {
    it('15. ₹100 at 18% IGST: IGST = 100 × 18/118 = 15.254 → 15.25, taxable 84.75, total exactly ₹100.00 (not 100.01)', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '29' }),
        prices: 'inclusive',
        lines: [line('1', '100')],
      });
      expect(heads(doc)).toMatchObject({ taxableValue: '84.75', igst: '15.25', total: '100.00' });
    });

    it('16. ₹100 at 18% in the same state: CGST = 100 × 9/118 = 7.627 → 7.63, SGST 7.63, taxable 84.74', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        prices: 'inclusive',
        lines: [line('1', '100')],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '84.74',
        cgst: '7.63',
        sgst: '7.63',
        total: '100.00',
      });
    });

    it('17. ₹1,180 inclusive → taxable 1,000.00 + IGST 180.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '29' }),
        prices: 'inclusive',
        lines: [line('1', '1180')],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '1000.00',
        igst: '180.00',
        total: '1180.00',
      });
    });

    it('18. inclusive under LUT: no tax to split out, taxable = price', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'foreign', payment: 'under-lut' }),
        prices: 'inclusive',
        lines: [line('1', '118')],
      });
      expect(heads(doc)).toMatchObject({ taxableValue: '118.00', tax: '0.00', total: '118.00' });
    });
  });

  describe('given discounts', () => {
    it('19. a line discount: 1 × ₹1,000 − ₹100 → taxable 900.00, CGST 81.00, SGST 81.00, total ₹1,062.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('1', '1000', { discount: '100' })],
      });
      expect(doc.lines[0]).toMatchObject({
        amount: '1000.00',
        discount: '100.00',
        taxableValue: '900.00',
      });
      expect(heads(doc)).toMatchObject({ cgst: '81.00', sgst: '81.00', total: '1062.00' });
    });

    it('20. a document discount of ₹100 over ₹1,000 and ₹500: 66.67 and 33.33 (6666.67 and 3333.33 paise; the paisa left goes to the larger remainder)', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '29' }),
        lines: [line('1', '1000'), line('1', '500')],
        discount: '100',
      });
      // 933.33 × 18% = 167.9994 → 168.00; 466.67 × 18% = 84.0006 → 84.00
      expect(doc.lines.map((l) => [l.discount, l.taxableValue, l.taxes.igst.amount])).toEqual([
        ['66.67', '933.33', '168.00'],
        ['33.33', '466.67', '84.00'],
      ]);
      expect(heads(doc)).toMatchObject({
        taxableValue: '1400.00',
        igst: '252.00',
        total: '1652.00',
      });
    });

    it('21. ₹1.00 over three equal lines: 0.34, 0.33, 0.33 (the tie goes to the first line)', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'foreign', payment: 'under-lut' }),
        lines: [line('1', '10'), line('1', '10'), line('1', '10')],
        discount: '1.00',
      });
      expect(doc.lines.map((l) => l.discount)).toEqual(['0.34', '0.33', '0.33']);
      expect(doc.totals).toMatchObject({
        amount: '30.00',
        discount: '1.00',
        taxableValue: '29.00',
      });
    });
  });

  describe('given an hourly price for a month', () => {
    it('22. 720 h × ₹0.6849 = 493.128 → 493.13; CGST 44.3817 → 44.38, SGST 44.38; ₹581.89 rounds up to ₹582 (+0.11)', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        roundOff: 'rupee',
        lines: [line('720', '0.6849')],
      });
      expect(doc.lines[0]).toMatchObject({
        quantity: '720',
        unitPrice: '0.6849',
        amount: '493.13',
        taxTotal: '88.76',
        total: '581.89',
      });
      expect(heads(doc)).toEqual({
        taxableValue: '493.13',
        cgst: '44.38',
        sgst: '44.38',
        utgst: '0.00',
        igst: '0.00',
        tax: '88.76',
        roundOff: '0.11',
        total: '582.00',
      });
      expect(doc.amountInWords).toBe('Rupees Five Hundred Eighty Two Only');
    });

    it('23. 744 h × ₹0.6849 = 509.5656 → 509.57; IGST 91.7226 → 91.72; ₹601.29 rounds down to ₹601 (−0.29)', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'registered', gstin: KARNATAKA_GSTIN }),
        roundOff: 'rupee',
        lines: [line('744', '0.6849')],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '509.57',
        igst: '91.72',
        roundOff: '-0.29',
        total: '601.00',
      });
    });
  });

  describe('given round-off to the rupee', () => {
    const interState = supplyFrom('27', { kind: 'unregistered', stateCode: '29' });

    it('24. ₹38.50 rounds up to ₹39 (half up, never half even): 32.63 + IGST 5.8734 → 5.87', () => {
      const doc = calculateDocument({
        supply: interState,
        roundOff: 'rupee',
        lines: [line('1', '32.63')],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '32.63',
        igst: '5.87',
        roundOff: '0.50',
        total: '39.00',
      });
    });

    it('25. ₹38.49 rounds down to ₹38: 32.62 + IGST 5.8716 → 5.87, round-off −0.49', () => {
      const doc = calculateDocument({
        supply: interState,
        roundOff: 'rupee',
        lines: [line('1', '32.62')],
      });
      expect(heads(doc)).toMatchObject({ roundOff: '-0.49', total: '38.00' });
    });

    it('26. without round-off the paise stay: ₹38.49 and the words name them', () => {
      const doc = calculateDocument({ supply: interState, lines: [line('1', '32.62')] });
      expect(heads(doc)).toMatchObject({ roundOff: '0.00', total: '38.49' });
      expect(doc.amountInWords).toBe('Rupees Thirty Eight and Forty Nine Paise Only');
    });
  });

  describe('given several lines, quantities with decimals and given rates', () => {
    it('27. ₹1,00,424.15 + IGST 18,076.347 → 18,076.35 = ₹1,18,500.50, in words with lakh', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered', stateCode: '29' }),
        lines: [line('1', '100424.15')],
      });
      expect(heads(doc)).toMatchObject({ igst: '18076.35', total: '118500.50' });
      expect(doc.amountInWords).toBe(
        'Rupees One Lakh Eighteen Thousand Five Hundred and Fifty Paise Only',
      );
    });

    it('28. 0.125 × ₹799.99 = 99.99875 → 100.00; CGST 9.00, SGST 9.00', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('0.125', '799.99')],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '100.00',
        cgst: '9.00',
        sgst: '9.00',
        total: '118.00',
      });
    });

    it('29. a rate given for another code: SAC 998319 at 5% on ₹333 → CGST 2.5% = 8.325 → 8.33, SGST 8.33', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'unregistered' }),
        lines: [line('1', '333', { sac: '998319', rate: '5' })],
      });
      expect(doc.lines[0]!.taxes.cgst).toEqual({ rate: '2.5', amount: '8.33' });
      expect(heads(doc)).toMatchObject({ tax: '16.66', total: '349.66' });
    });

    it('30. two SACs in one invoice: ₹1,000 (998315) and 2 × ₹250.25 (997315); 500.50 × 9% = 45.045 → 45.05; totals add up by SAC', () => {
      const doc = calculateDocument({
        supply: supplyFrom('27', { kind: 'registered', gstin: MAHARASHTRA_GSTIN }),
        lines: [
          line('1', '1000'),
          line('2', '250.25', { sac: '997315', description: 'Dedicated server lease' }),
        ],
      });
      expect(heads(doc)).toMatchObject({
        taxableValue: '1500.50',
        cgst: '135.05',
        sgst: '135.05',
        tax: '270.10',
        total: '1770.60',
      });
      expect(summarizeBySac([doc])).toEqual([
        {
          key: '997315@18',
          taxableValue: '500.50',
          cgst: '45.05',
          sgst: '45.05',
          utgst: '0.00',
          igst: '0.00',
          tax: '90.10',
        },
        {
          key: '998315@18',
          taxableValue: '1000.00',
          cgst: '90.00',
          sgst: '90.00',
          utgst: '0.00',
          igst: '0.00',
          tax: '180.00',
        },
      ]);
    });
  });
});
