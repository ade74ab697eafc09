import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeParams,
  encodeValue,
  formatExpires,
  signRequest,
  signature,
  stringToSign,
} from './signing.ts';
import { fakeClock, startCloudStackDouble, type CloudStackDouble } from './testing/double.ts';

// The Developer's Guide example (docs.cloudstack.apache.org, "How to sign an API call with
// Python"): command=listUsers&response=json plus the api key, no signatureversion/expires.
const apiKey =
  'plgWJfZK4gyS3mOMTVmjUVg-X-jlWlnfaUJ9GAbBbf9EdM-kAYMmAiLqzzq1ElZLYq_u38zCm0bewzGUdP66mg';
const secretKey =
  'VDaACYb0LV9eNjTetIOElcVQkvJck_J_QljX_FcHRj87ZKiy0z0ty0ZsYBkoXkY9b7eq1EhwJaw7FF3akA3KBQ';

describe('CloudStack request signing', () => {
  it('signs the published example to its published signature', () => {
    const params = { command: 'listUsers', response: 'json', apikey: apiKey };
    expect(stringToSign(params)).toBe(
      `apikey=${apiKey.toLowerCase()}&command=listusers&response=json`,
    );
    expect(signature(params, secretKey)).toBe('TTpdDq/7j/J58XCRHomKoQXEQds=');
  });

  it('encodes values as the management server re-encodes them', () => {
    expect(encodeValue('web server 1')).toBe('web%20server%201');
    expect(encodeValue('a+b/c=d&e')).toBe('a%2Bb%2Fc%3Dd%26e');
    // java.net.URLEncoder keeps '*' and encodes '~', "!'()" (RFC 3986 differs on '*' and '~').
    expect(encodeValue("*~!'()")).toBe('*%7E%21%27%28%29');
    expect(encodeValue('café')).toBe('caf%C3%A9');
  });

  it('adds signatureversion 3 and an expiry five minutes after the injected clock', () => {
    const signed = signRequest(
      { command: 'listZones' },
      { apiKey: 'k', secretKey: 's' },
      new Date('2026-12-02T10:00:00Z'),
    );
    expect(signed).toMatchObject({
      command: 'listZones',
      apikey: 'k',
      signatureversion: '3',
      expires: '2026-12-02T10:05:00+0000',
    });
    const { signature: sig, ...rest } = signed;
    expect(sig).toBe(signature(rest, 's'));
    expect(formatExpires(new Date('2026-01-31T23:59:59.999Z'))).toBe('2026-01-31T23:59:59+0000');
  });
});

describe('a signed request against the CloudStack double', () => {
  const clock = fakeClock();
  let double: CloudStackDouble;
  beforeAll(async () => {
    double = await startCloudStackDouble({ now: clock.now });
    double.addZone('Mumbai 1');
  });
  afterAll(() => double.close());

  const call = (params: Record<string, string>) =>
    fetch(`${double.config.apiUrl}?${encodeParams(params)}`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, Record<string, unknown>>,
    }));
  const sign = (params: Record<string, string>, at = clock.now()) =>
    signRequest({ ...params, response: 'json' }, double.config, at);

  it('is accepted, values with spaces and reserved characters included', async () => {
    const res = await call(sign({ command: 'listZones', keyword: "Mumbai 1 *~!'()+&=/é" }));
    expect(res.status).toBe(200);
    expect(res.body.listzonesresponse!.count).toBe(1);
  });

  it('is refused with 401 and CloudStack error JSON when a parameter was altered', async () => {
    const signed = sign({ command: 'listZones', keyword: 'Mumbai' });
    const res = await call({ ...signed, keyword: 'Pune' });
    expect(res.status).toBe(401);
    expect(res.body.listzonesresponse).toEqual({
      uuidList: [],
      errorcode: 401,
      errortext: 'unable to verify user credentials and/or request signature',
    });
  });

  it('is refused once expired, and with the wrong secret', async () => {
    const old = sign({ command: 'listZones' }, new Date(clock.now().getTime() - 5 * 60_000 - 1000));
    expect((await call(old)).status).toBe(401);
    const wrong = signRequest(
      { command: 'listZones', response: 'json' },
      { apiKey: double.config.apiKey, secretKey: 'not-the-secret' },
      clock.now(),
    );
    expect((await call(wrong)).status).toBe(401);
  });
});
