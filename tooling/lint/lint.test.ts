import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { LAYERS, ROOT, UNRESTRICTED } from './layers.js';

// The lint rules are checked on small sources given in memory with the path they would have,
// so the real tree (which others are editing) never decides these specs.
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

async function boundaryProblems(file: string, code: string) {
  return (await problems(file, code)).filter((p) => p.startsWith('shape/layers'));
}

async function sqlProblems(file: string, code: string) {
  return (await problems(file, code)).filter((p) => p.startsWith('no-restricted-syntax'));
}

describe('import boundaries', () => {
  it('domain/ imports nothing with I/O', async () => {
    expect(
      await boundaryProblems(
        'domain/wallet/fixture.ts',
        "import postgres from 'postgres';\nexport { postgres };\n",
      ),
    ).toEqual([expect.stringContaining('domain/ must not import postgres')]);
    for (const spec of [
      'node:fs',
      'fs/promises',
      'node:net',
      '@eventstore/db-client',
      'fastify',
      '@fastify/cookie',
    ]) {
      const found = await boundaryProblems(
        'domain/wallet/fixture.ts',
        `import * as io from '${spec}';\nexport { io };\n`,
      );
      expect(found, spec).toHaveLength(1);
    }
  });

  it('domain/ imports no other layer', async () => {
    const found = await boundaryProblems(
      'domain/wallet/fixture.ts',
      "import { handleCommand } from '../../commands/shared/handler.ts';\nexport { handleCommand };\n",
    );
    expect(found).toEqual([expect.stringContaining('domain/ must not import commands/')]);
  });

  it('a clean domain file is not reported by any rule', async () => {
    const code = [
      "import Decimal from 'decimal.js';",
      "import { DomainError } from '../shared/decider.ts';",
      "import type { WalletEvent } from './events.ts';",
      '',
      'export function total(events: WalletEvent[]): Decimal {',
      "  if (events.length > 1000) throw new DomainError('CONFLICT', 'too many');",
      '  return new Decimal(events.length);',
      '}',
      '',
    ].join('\n');
    expect(await problems('domain/wallet/fixture.ts', code)).toEqual([]);
  });

  it('graphql/ does not import server/ (type imports too) nor integrations/', async () => {
    expect(
      await boundaryProblems(
        'graphql/wallet/fixture.ts',
        "import { setCookie } from '../../server/http/cookies.ts';\nexport { setCookie };\n",
      ),
    ).toEqual([expect.stringContaining('graphql/ must not import server/')]);
    expect(
      await boundaryProblems(
        'graphql/fixture.ts',
        "import type { Platform } from '../server/platform-types.ts';\nexport type { Platform };\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryProblems(
        'graphql/wallet/fixture.ts',
        "import { files } from '../../integrations/storage/files.ts';\nexport { files };\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryProblems(
        'graphql/wallet/fixture.ts',
        "import { requestTopUp } from '../../commands/wallet/top-ups.ts';\nexport { requestTopUp };\n",
      ),
    ).toEqual([]);
  });

  it('commands/ reach integrations/ only through ports', async () => {
    expect(
      await boundaryProblems(
        'commands/wallet/fixture.ts',
        "import { sniffProofType } from '../../integrations/storage/files.ts';\nexport { sniffProofType };\n",
      ),
    ).toEqual([expect.stringContaining('commands/ must not import integrations/')]);
  });

  it('projections/ import domain/ and eventstore/ types only', async () => {
    expect(
      await boundaryProblems(
        'projections/wallet/fixture.ts',
        "import { handleCommand } from '../../commands/shared/handler.ts';\nexport { handleCommand };\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryProblems(
        'projections/wallet/fixture.ts',
        "import { postgresEventStore } from '../../eventstore/postgres/store.ts';\nexport { postgresEventStore };\n",
      ),
    ).toEqual([expect.stringContaining('may import only types from eventstore/')]);
    const allowed = [
      "import type { EventStore } from '../../eventstore/postgres/store.ts';",
      "import type { StoredEvent } from '../../eventstore/types.ts';",
      "import { walletStreamId } from '../../domain/wallet/events.ts';",
      "import { defineProjector } from '../shared/projector.ts';",
      'export { walletStreamId, defineProjector };',
      'export type { EventStore, StoredEvent };',
    ].join('\n');
    expect(await boundaryProblems('projections/wallet/fixture.ts', allowed)).toEqual([]);
  });

  it('eventstore/ knows nothing of the business', async () => {
    expect(
      await boundaryProblems(
        'eventstore/postgres/fixture.ts',
        "import type { WalletEvent } from '../../domain/wallet/events.ts';\nexport type { WalletEvent };\n",
      ),
    ).toHaveLength(1);
  });

  it('web/ imports its own $lib (even its graphql/ folder) but no server folder', async () => {
    const own =
      "import { client } from '../graphql/client.ts';\nimport { money } from '$lib/graphql/errors.ts';\nexport { client, money };\n";
    expect(await boundaryProblems('web/src/lib/wallet/fixture.ts', own)).toEqual([]);
    expect(
      await boundaryProblems(
        'web/src/lib/wallet/fixture.ts',
        "import { schema } from '../../../../graphql/schema.ts';\nexport { schema };\n",
      ),
    ).toEqual([expect.stringContaining('web/ must not import graphql/')]);
    const svelte =
      '<script lang="ts">\n  import { inr } from \'../../../../../domain/shared/money.ts\';\n  let { amount }: { amount: string } = $props();\n</script>\n\n<p>{inr(amount)}</p>\n';
    expect(await boundaryProblems('web/src/routes/(app)/wallet/Fixture.svelte', svelte)).toEqual([
      expect.stringContaining('web/ must not import domain/'),
    ]);
  });

  it('specs may wire layers, but domain specs still do no I/O', async () => {
    expect(
      await boundaryProblems(
        'graphql/wallet/fixture.int.test.ts',
        "import { startTestPlatform } from '../../server/testing/platform.ts';\nexport { startTestPlatform };\n",
      ),
    ).toEqual([]);
    expect(
      await boundaryProblems(
        'domain/wallet/fixture.test.ts',
        "import postgres from 'postgres';\nexport { postgres };\n",
      ),
    ).toHaveLength(1);
  });

  it('dynamic imports and re-exports count too', async () => {
    expect(
      await boundaryProblems(
        'domain/wallet/fixture.ts',
        "export async function load() { return import('node:fs'); }\n",
      ),
    ).toHaveLength(1);
    expect(
      await boundaryProblems(
        'graphql/fixture.ts',
        "export { loadSettings } from '../server/config.ts';\n",
      ),
    ).toHaveLength(1);
  });

  it('every top-level source folder has a policy or is declared free to import anything', () => {
    const skip = new Set(['node_modules', 'reports', 'artifacts']);
    const folders = readdirSync(ROOT).filter(
      (name) =>
        !name.startsWith('.') && !skip.has(name) && statSync(path.join(ROOT, name)).isDirectory(),
    );
    const unknown = folders.filter((f) => !(f in LAYERS) && !(f in UNRESTRICTED));
    expect(unknown).toEqual([]);
  });
});

describe('no SQL outside projections/, eventstore/ and migrations', () => {
  const sqlSources = [
    'export const q = (tx: any) => tx`select 1`;',
    'export const q = (p: { sql: any }) => p.sql`update wallets set balance = 0`;',
    'export const q = (session: any) => session`select pg_advisory_lock(1)`;',
    'export const q = (held: any) => held`  insert into t values (1)`;',
    "export const q = (sql: any) => sql.unsafe('drop table t');",
  ];

  it('is reported in commands/, graphql/ and server/', async () => {
    for (const code of sqlSources) {
      for (const file of [
        'commands/wallet/fixture.ts',
        'graphql/wallet/resolvers-fixture.ts',
        'server/http/fixture.ts',
      ]) {
        expect(await sqlProblems(file, code), `${file}: ${code}`).toHaveLength(1);
      }
    }
  });

  it('is allowed in projections/, eventstore/, migrations, specs, server/db and bench/', async () => {
    for (const file of [
      'projections/wallet/queries.ts',
      'eventstore/postgres/fixture.ts',
      'projections/wallet/migrations/001.ts',
      'commands/wallet/fixture.int.test.ts',
      'server/db/fixture.ts',
      'server/testing/fixture.ts',
      'bench/fixture.ts',
    ]) {
      expect(await sqlProblems(file, sqlSources[0]!), file).toEqual([]);
    }
  });

  it('leaves other tagged templates alone', async () => {
    expect(
      await sqlProblems(
        'graphql/wallet/fixture.ts',
        'const gql = String.raw;\nexport const q = gql`query { viewer { id } }`;\n',
      ),
    ).toEqual([]);
  });
});

describe('formatter', () => {
  it('is Prettier at 100 columns, with the Svelte plugin for .svelte files', async () => {
    const ts = await prettier.resolveConfig(path.join(ROOT, 'domain/wallet/fixture.ts'));
    expect(ts?.printWidth).toBe(100);
    const svelte = await prettier.resolveConfig(path.join(ROOT, 'web/src/lib/Fixture.svelte'));
    const out = await prettier.format('<script lang="ts">let  a=1</script>\n<p>{a}</p>', {
      ...svelte,
      filepath: path.join(ROOT, 'web/src/lib/Fixture.svelte'),
    });
    expect(out).toContain('let a = 1;');
  });

  it('leaves generated and installed files alone', async () => {
    const ignorePath = path.join(ROOT, '.prettierignore');
    for (const file of [
      'package-lock.json',
      'web/build/index.js',
      'web/.svelte-kit/ambient.d.ts',
    ]) {
      expect(
        (await prettier.getFileInfo(path.join(ROOT, file), { ignorePath })).ignored,
        file,
      ).toBe(true);
    }
  });
});
