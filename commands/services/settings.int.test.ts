import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisioningSettingsStreamId } from '../../domain/services/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { loadProvisioningSettings } from './create-services.ts';
import { openCloudStackSecret } from './service-context.ts';
import {
  cloudStackInventory,
  configureCloudStack,
  removeCloudStack,
  setCloudStackMapping,
} from './settings.ts';
import { inventory, permanent, retryable, servicesWorld } from './testing.ts';

const T = 'settings-reseller';
let w: Awaited<ReturnType<typeof servicesWorld>>;

beforeAll(async () => {
  w = await servicesWorld('svcsettings');
  await w.tenant(T);
});
afterAll(async () => w?.close());

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const keys = {
  apiUrl: 'https://cloud.example.test/client/api',
  apiKey: 'the-api-key',
  secretKey: 'the-secret-key',
};
const written = async () => w.store.readStream(provisioningSettingsStreamId(T));

describe('provisioning settings', () => {
  it('keys CloudStack refuses are not saved (the field named); an outage says try again', async () => {
    w.failProbe(permanent('401 unable to verify user credentials'));
    const wrong = await refusal(configureCloudStack(w.deps, w.admin(T), keys));
    expect(wrong.issues[0]!.path).toEqual(['apiKey']);
    w.failProbe(retryable('timed out'));
    const down = await refusal(configureCloudStack(w.deps, w.admin(T), keys));
    expect(down).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/try again/) });
    const badUrl = await refusal(
      configureCloudStack(w.deps, w.admin(T), { ...keys, apiUrl: 'ftp://x' }),
    );
    expect(badUrl.issues[0]!.path).toEqual(['apiUrl']);
    expect(await written()).toHaveLength(0);
  });

  it('a mapping needs CloudStack configured, and ids it offers', async () => {
    const unconfigured = await refusal(
      setCloudStackMapping(w.deps, w.admin(T), {
        zones: [],
        offerings: [{ catalogId: 'plan-vps', cloudStackId: 'offering-vps' }],
        templates: [],
      }),
    );
    expect(unconfigured.code).toBe('CONFLICT');

    await configureCloudStack(w.deps, w.admin(T, 'configure-cloudstack-1'), keys);
    expect(w.probeCalls.at(-1)).toBe('the-api-key');
    const settings = await loadProvisioningSettings(w.store, T);
    expect(settings.cloudStack?.apiKey).toBe('the-api-key');
    expect(JSON.stringify((await written()).map((e) => e.data))).not.toContain('the-secret-key');
    expect(openCloudStackSecret(w.deps.sealKey, T, settings.cloudStack!.secretKeySealed)).toBe(
      'the-secret-key',
    );
    expect(await cloudStackInventory(w.deps, w.admin(T))).toEqual(inventory);

    const before = (await written()).length;
    const unknown = await refusal(
      setCloudStackMapping(w.deps, w.admin(T), {
        zones: [{ catalogId: 'dc-mum', cloudStackId: 'zone-mum' }],
        offerings: [{ catalogId: 'plan-vps', cloudStackId: 'offering-nope' }],
        templates: [],
      }),
    );
    expect(unknown.issues.map((i) => i.path.join('.'))).toEqual(['offerings.0.cloudStackId']);
    expect(await written()).toHaveLength(before);
    await setCloudStackMapping(w.deps, w.admin(T), {
      zones: [{ catalogId: 'dc-mum', cloudStackId: 'zone-mum' }],
      offerings: [{ catalogId: 'plan-vps', cloudStackId: 'offering-vps' }],
      templates: [{ catalogId: 'os-ubuntu', cloudStackId: 'template-ubuntu' }],
    });
    expect((await loadProvisioningSettings(w.store, T)).offerings).toEqual({
      'plan-vps': 'offering-vps',
    });
  });

  it('staff without services.manage are refused; removing CloudStack leaves plans manual', async () => {
    const support = w.admin(T, 'settings-support', ['services.read']);
    expect((await refusal(configureCloudStack(w.deps, support, keys))).code).toBe('FORBIDDEN');
    expect((await refusal(removeCloudStack(w.deps, support, {}))).code).toBe('FORBIDDEN');
    await removeCloudStack(w.deps, w.admin(T), {});
    expect((await loadProvisioningSettings(w.store, T)).cloudStack).toBeNull();
  });
});
