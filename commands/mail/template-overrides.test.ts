import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { tenantStreamId } from '../../domain/tenancy/events.ts';
import type { NewEvent } from '../../eventstore/types.ts';
import { memoryStore } from '../shared/testing/memory-store.ts';
import { loadTemplateOverrides } from './template-overrides.ts';
import { renderMail } from './templates.ts';

const stream = tenantStreamId('kloudnests');
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data: { tenantId: 'kloudnests', ...data },
  metadata: {
    tenantId: 'kloudnests',
    actor: { userId: 'admin-1', role: 'tenant_admin' },
    commandId: randomUUID(),
    correlationId: 'c',
    causationId: 'c',
    occurredAt: '2026-12-04T10:00:00.000Z',
    schemaVersion: 1,
  },
});
const created = event('TenantCreated', {
  brand: { name: 'KloudNests' },
  legal: {},
  topUps: {},
  features: [],
  createdAt: '2026-12-04T10:00:00.000Z',
});
const saved = (kind: string, subject: string, body: string) =>
  event('MailTemplateSaved', { kind, subject, body, savedAt: '2026-12-04T11:00:00.000Z' });
const vars = { brand: 'KloudNests', name: 'Asha Rao', amount: '₹500.00', balance: '₹700.00' };

/** The store, and the revision each read of the tenant's stream started from. */
function watched() {
  const store = memoryStore();
  const spy = vi.spyOn(store, 'readStream');
  return {
    store,
    get reads() {
      return spy.mock.calls.map(([, from]) => from);
    },
  };
}

describe('loadTemplateOverrides', () => {
  it('gives none for a tenant that edited nothing, or that does not exist: the files are used', async () => {
    const { store } = watched();
    store.write(stream, [created]);
    expect(await loadTemplateOverrides({ store }, 'kloudnests')).toEqual({});
    expect(await loadTemplateOverrides({ store }, 'nobody')).toEqual({});
    const mail = renderMail(
      'top-up-approved',
      vars,
      await loadTemplateOverrides({ store }, 'kloudnests'),
    );
    expect(mail.subject).toBe('KloudNests: ₹500.00 added to your wallet');
  });

  it("folds the tenant's saved and reset templates, the latest save of a kind winning", async () => {
    const { store } = watched();
    store.write(stream, [
      created,
      saved('top-up-approved', 'Paid in: {{amount}}', 'Hi {{name}}, {{7*7}}.'),
      saved('top-up-rejected', 'No', 'No, {{name}}.'),
      saved('top-up-approved', 'Money in: {{amount}}', 'Dear {{name}}, {{7*7}}.'),
      event('MailTemplateReset', { kind: 'top-up-rejected', resetAt: '2026-12-04T12:00:00.000Z' }),
    ]);
    const overrides = await loadTemplateOverrides({ store }, 'kloudnests');
    expect(overrides).toEqual({
      'top-up-approved': { subject: 'Money in: {{amount}}', body: 'Dear {{name}}, {{7*7}}.' },
    });
    expect(renderMail('top-up-approved', vars, overrides)).toEqual({
      kind: 'top-up-approved',
      subject: 'Money in: ₹500.00',
      text: 'Dear Asha Rao, {{7*7}}.',
    });
    // The reset kind is the file's text again.
    expect(renderMail('top-up-rejected', { ...vars, reason: 'R.' }, overrides).subject).not.toBe(
      'No',
    );
  });

  it('reads only the tenant events written since the last call (one mail per call)', async () => {
    const watch = watched();
    const { store } = watch;
    store.write(stream, [created, saved('top-up-approved', 'A {{amount}}', 'B')]);
    expect((await loadTemplateOverrides({ store }, 'kloudnests'))['top-up-approved']?.subject).toBe(
      'A {{amount}}',
    );
    store.write(stream, [saved('top-up-approved', 'C {{amount}}', 'D')]);
    expect((await loadTemplateOverrides({ store }, 'kloudnests'))['top-up-approved']?.subject).toBe(
      'C {{amount}}',
    );
    expect(await loadTemplateOverrides({ store }, 'kloudnests')).toBe(
      await loadTemplateOverrides({ store }, 'kloudnests'),
    );
    expect(watch.reads.slice(0, 2)).toEqual([0n, 2n]);
    expect(watch.reads.slice(2)).toEqual([3n, 3n]);
  });
});
