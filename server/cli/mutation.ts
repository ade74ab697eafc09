/**
 * `npm run test:mutation [-- <stryker options>]`: Stryker over domain/ and commands/shared/
 * (stryker.config.mjs). Any Stryker option passes through. Two additions:
 * - `--mutate <globs>` keeps the exclusions of the config (specs, test support): Stryker's own
 *   flag replaces the whole list, and a spec file mutated is noise, not a finding.
 * - `--changed` mutates only the source files of domain/ and commands/shared/ that changed
 *   since the parent of the newest commit touching them (what CI runs); nothing to do is exit 0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const MUTATED_ROOTS = ['domain', 'commands/shared'];
export const NOT_MUTATED = [
  '!**/*.test.ts',
  '!domain/tax/invariants/**',
  '!domain/shared/spec.ts',
  '!domain/catalog/spec-fixtures.ts',
  '!**/testing/**',
];

/** Adds the exclusions to every --mutate / -m value. */
export function withExclusions(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === '--mutate' || a === '-m') && i + 1 < args.length) {
      out.push(a, [args[++i]!, ...NOT_MUTATED].join(','));
    } else if (a.startsWith('--mutate=')) {
      out.push([a, ...NOT_MUTATED].join(','));
    } else {
      out.push(a);
    }
  }
  return out;
}

const isSource = (f: string) =>
  f.endsWith('.ts') &&
  !f.endsWith('.test.ts') &&
  !f.startsWith('domain/tax/invariants/') &&
  f !== 'domain/shared/spec.ts' &&
  f !== 'domain/catalog/spec-fixtures.ts' &&
  !f.includes('/testing/');

/** Source files changed by the newest commit touching the mutated roots and any after it. */
function changedSources(): string[] {
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8' }).trim();
  const newest = git('log', '-1', '--format=%H', '--', ...MUTATED_ROOTS);
  if (!newest) return [];
  const parents = git('rev-list', '--parents', '-n', '1', newest).split(' ').slice(1);
  const range =
    parents.length > 0
      ? [`${newest}^`, 'HEAD']
      : [git('hash-object', '-t', 'tree', '/dev/null'), 'HEAD'];
  return git('diff', '--name-only', ...range, '--', ...MUTATED_ROOTS)
    .split('\n')
    .filter((f) => f && isSource(f) && existsSync(f));
}

function main(argv: string[]): number {
  let args = withExclusions(argv.filter((a) => a !== '--changed'));
  if (argv.includes('--changed')) {
    const files = changedSources();
    if (files.length === 0) {
      console.log(
        'mutation: no source file of domain/ or commands/shared/ changed; nothing to mutate',
      );
      return 0;
    }
    console.log(`mutation: ${files.length} changed file(s): ${files.join(' ')}`);
    args = ['--mutate', files.join(','), ...args];
  }
  const run = spawnSync('npx', ['stryker', 'run', ...args], { stdio: 'inherit' });
  return run.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
