/**
 * Test support only (imported by the *.property.test.ts files, never by the engine): fast-check
 * generators for supplies, lines and documents, and the run settings every property shares.
 *
 * Runs are seeded so a failure can be replayed: fast-check prints the seed, the path and the
 * shrunk counterexample; rerun with FC_SEED=<seed> to get the same inputs.
 */
import fc from 'fast-check';
import { D } from '../../shared/money.ts';
import { gstinCheckCharacter } from '../gstin/gstin.ts';
import { GST_STATES } from '../states/state-codes.ts';
import { determineSupply, type Recipient, type Supply } from '../supply/determine-supply.ts';
import type {
  DocumentInput,
  LineInput,
  PriceMode,
  RoundOffMode,
} from '../document/document-types.ts';

const envInt = (name: string, fallback: number): number => {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback;
};

/** Fixed unless FC_SEED is set, so CI runs the same inputs every time. */
export const FC_SEED = envInt('FC_SEED', 20_250_401);
/**
 * At least 10,000 runs per invariant; FC_NUM_RUNS can raise it for a long soak. Under mutation
 * testing (vitest.stryker.config.ts sets FC_MUTATION_RUNS) every mutant reruns these specs, so
 * there, and only there, the count is FC_MUTATION_RUNS.
 */
export const FC_NUM_RUNS =
  process.env.FC_MUTATION_RUNS !== undefined
    ? envInt('FC_MUTATION_RUNS', 200)
    : Math.max(10_000, envInt('FC_NUM_RUNS', 10_000));
export const fcSettings = { seed: FC_SEED, numRuns: FC_NUM_RUNS } as const;

/** Codes a supplier or a domestic recipient can be in (no legacy, no 96 or 99). */
export const INDIAN_PLACES = GST_STATES.filter(
  (s) => !s.replacedBy && s.kind !== 'foreign-country' && s.kind !== 'centre-jurisdiction',
).map((s) => s.code);
export const UTGST_CODES = GST_STATES.filter((s) => s.usesUtgst && !s.replacedBy).map(
  (s) => s.code,
);

const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
const chars = (a: fc.Arbitrary<string>, n: number) =>
  fc.array(a, { minLength: n, maxLength: n }).map((xs) => xs.join(''));

/** A valid regular GSTIN in a given state: PAN, entity number, Z, and the right check character. */
export const gstinIn = (stateCode: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      chars(upper, 5),
      chars(digit, 4),
      upper,
      fc.constantFrom(...'123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    )
    .map(([a, b, c, entity]) => {
      const first14 = `${stateCode}${a}${b}${c}${entity}Z`;
      return first14 + gstinCheckCharacter(first14);
    });

/** Any valid GSTIN: regular ones in every Indian place, and OIDAR ones under 99. */
export const validGstin: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INDIAN_PLACES).chain(gstinIn),
  fc.tuple(chars(digit, 2), chars(upper, 3), chars(digit, 5)).map(([yy, ccc, n]) => {
    const first14 = `99${yy}${ccc}${n}OS`;
    return first14 + gstinCheckCharacter(first14);
  }),
);

const payment = fc.constantFrom<'with-igst' | 'under-lut'>('with-igst', 'under-lut');

/** Every kind of recipient, weighted towards the same-state and UT cases where heads differ. */
export const supplyArb: fc.Arbitrary<Supply> = fc
  .tuple(
    fc.constantFrom(...INDIAN_PLACES),
    fc.nat({ max: 9 }),
    fc.constantFrom(...INDIAN_PLACES),
    payment,
    fc.boolean(),
  )
  .chain(([supplier, pick, other, pay, sameState]) => {
    const place = sameState ? supplier : other;
    const recipient: fc.Arbitrary<Recipient> =
      pick < 3
        ? gstinIn(place).map((gstin): Recipient => ({ kind: 'registered', gstin }))
        : pick < 6
          ? fc.constant<Recipient>({
              kind: 'unregistered',
              ...(pick === 5 ? {} : { stateCode: place }),
            })
          : pick < 8
            ? gstinIn(place).map((gstin): Recipient => ({ kind: 'sez', gstin, payment: pay }))
            : fc.constant<Recipient>({ kind: 'foreign', payment: pay });
    return recipient.map((r) => determineSupply({ supplierStateCode: supplier, recipient: r }));
  });

/** GST rates in use, plus odd ones to stress the halving and the inclusive split. */
export const rateArb = fc.constantFrom(
  '0',
  '0.1',
  '0.25',
  '1',
  '1.5',
  '3',
  '5',
  '6',
  '7.5',
  '12',
  '18',
  '28',
  '40',
);

/** Decimal text with `decimals` places from an integer count of the smallest unit. */
export const scaled = (max: number, decimals: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max }).map((n) => new D(n).div(new D(10).pow(decimals)).toFixed(decimals));

/** A line with a quantity of up to 3 decimals, a unit price with fractional paise and an optional discount. */
export const lineArb: fc.Arbitrary<LineInput> = fc
  .record({
    quantity: fc.oneof(scaled(2_000_000, 3), fc.constantFrom('720', '744', '1')),
    unitPrice: fc.oneof(
      scaled(200_000_000, 4),
      scaled(100_000, 2),
      fc.constantFrom('0.6849', '100', '999.99'),
    ),
    rate: fc.option(rateArb, { nil: undefined }),
    sac: fc.constantFrom('998315', '998316', '997315'),
    discountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
  })
  .map(({ quantity, unitPrice, rate, sac, discountPermille }) => {
    const amount = new D(quantity).times(unitPrice).toDecimalPlaces(2, D.ROUND_HALF_UP);
    const discount = amount.times(discountPermille).div(1000).toDecimalPlaces(2, D.ROUND_DOWN);
    return {
      description: 'Server rental',
      sac,
      quantity,
      unitPrice,
      ...(rate === undefined ? {} : { rate }),
      ...(discount.isZero() ? {} : { discount: discount.toFixed(2) }),
    };
  });

const pricesArb = fc.constantFrom<PriceMode>('exclusive', 'inclusive');
const roundOffArb = fc.constantFrom<RoundOffMode>('none', 'rupee');

/** A small document (1–4 lines) so 10,000 runs stay quick; sometimes with a document discount. */
export const documentArb: fc.Arbitrary<DocumentInput> = fc
  .record({
    supply: supplyArb,
    lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
    prices: pricesArb,
    roundOff: roundOffArb,
    discountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
  })
  .map(({ supply, lines, prices, roundOff, discountPermille }) => {
    const available = lines.reduce(
      (acc, l) =>
        acc
          .plus(new D(l.quantity).times(l.unitPrice).toDecimalPlaces(2, D.ROUND_HALF_UP))
          .minus(l.discount ?? '0'),
      new D(0),
    );
    const discount = available.times(discountPermille).div(1000).toDecimalPlaces(2, D.ROUND_DOWN);
    return {
      supply,
      lines,
      prices,
      roundOff,
      ...(discount.isZero() ? {} : { discount: discount.toFixed(2) }),
    };
  });

/**
 * A plain check for property bodies: vitest's `expect` costs more than the engine itself at
 * 10,000 runs × lines × heads. fast-check reports the message with the seed and counterexample.
 */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}
