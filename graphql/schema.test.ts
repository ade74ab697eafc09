import { describe, expect, it } from 'vitest';
import { schemaOf } from './schema.ts';
import { schema } from '../server/areas/index.ts';

const resolve = () => 'answer';

describe('feature gates collected from the areas', () => {
  it('wraps every gated operation of every area, and only those', () => {
    const q = schema.resolvers.Query!;
    const m = schema.resolvers.Mutation!;
    // Gated: the wallet's and the access area's team operations.
    expect((q.wallet as () => unknown).name).not.toBe('wallet');
    expect((m.inviteTeamMember as () => unknown).name).not.toBe('inviteTeamMember');
    const api = schemaOf([
      {
        sdl: [],
        resolvers: [{ Query: { mine: resolve, open: resolve } }],
        features: { mine: 'wallet' },
      },
    ]);
    expect(api.resolvers.Query!.open).toBe(resolve);
    expect(api.resolvers.Query!.mine).not.toBe(resolve);
  });

  it('refuses a gate for an operation no area resolves (a renamed field keeps no silent gate)', () => {
    expect(() =>
      schemaOf([
        { sdl: [], resolvers: [{ Query: { mine: resolve } }], features: { gone: 'wallet' } },
      ]),
    ).toThrow('feature gates for operations without a resolver: gone');
  });

  it('refuses two areas gating one operation', () => {
    const part = {
      sdl: [],
      resolvers: [{ Query: { mine: resolve } }],
      features: { mine: 'wallet' as const },
    };
    expect(() =>
      schemaOf([part, { ...part, features: { mine: 'team-accounts' as const } }]),
    ).toThrow('two areas gate the operation mine');
  });
});
