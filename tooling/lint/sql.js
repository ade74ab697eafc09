// "No SQL elsewhere" (DESIGN.md, "A business area, end to end"): read-model SQL lives beside its
// projector in projections/<area>/, the log's SQL in eventstore/, schema changes in migrations.
// Resolvers, HTTP routes and commands call the queries those folders export.
//
// SQL here is written with the postgres package's tagged templates (sql`…`, tx`…`,
// this.sql`…`) and sql.unsafe(…). A template counts as SQL when its tag is one of the names
// below or its text starts with an SQL keyword, whatever the tag is called (session`select …`).

const TAGS = '/^(sql|tx|trx|db|conn|session|reserved|probe|notifier)$/';
const KEYWORDS =
  '/^\\s*(select|insert|update|delete|with|create|alter|drop|truncate|grant|revoke|lock|listen|unlisten|notify|set|reset|begin|commit|rollback|savepoint|copy|do|vacuum|analyze|explain|comment|refresh)(\\s|$)/i';

const message =
  'SQL belongs in projections/<area>/ (queries beside their projector), eventstore/ or migrations; call a query from there (exceptions: tooling/lint/sql.js).';

/** no-restricted-syntax entries that find SQL (one report per template or call). */
export const SQL_SYNTAX = [
  {
    selector: `TaggedTemplateExpression:matches([tag.name=${TAGS}], [tag.property.name=${TAGS}], [quasi.quasis.0.value.raw=${KEYWORDS}])`,
    message,
  },
  { selector: "CallExpression[callee.property.name='unsafe']", message },
];

/** Where SQL may be written, each with why. The one list of exceptions. */
export const SQL_ALLOWED = [
  { glob: 'projections/**', why: 'read models: tables, projectors and their queries' },
  { glob: 'eventstore/**', why: 'the Postgres log adapter' },
  { glob: '**/migrations/**', why: 'schema changes' },
  { glob: '**/*.test.ts', why: 'specs set up and inspect rows directly' },
  { glob: 'server/db/**', why: 'starts the embedded PostgreSQL and guards its use' },
  { glob: 'server/testing/**', why: 'test harness: creates and drops test databases' },
  { glob: 'server/connect.ts', why: 'opens the pool and probes the connection (select 1)' },
  {
    glob: 'server/cli/projections.ts',
    why: 'the projection CLI counts events of the Postgres log for its report and takes session-level advisory locks so two rebuilds or verifies of one read model never share a shadow schema',
  },
  { glob: 'bench/**', why: 'benchmarks seed and time the database directly' },
  {
    glob: 'integrations/reactor-checkpoints.ts',
    why: 'reactor checkpoints are operational state, never rebuilt from the log (a rebuild would replay every reaction): the Postgres side of the ReactorCheckpoints port',
  },
  {
    glob: 'integrations/identity/*-postgres.ts',
    why: 'sessions, failure counters and pending second steps (auth.*) are operational state, not read models: a rebuild from the log cannot bring back a live session or a cap held under concurrency. The Postgres side of the SessionStore, Throttle and Challenges ports in commands/identity',
  },
  {
    glob: 'integrations/leases.ts',
    why: 'a lease (reactors.leases) is operational state, like a checkpoint: who runs the mail sender now, never rebuilt from the log',
  },
  {
    glob: 'integrations/automation/lock-postgres.ts',
    why: 'the automation lock is a session-level advisory lock (pg_try_advisory_lock on a reserved connection), no table and nothing rebuilt from the log: the Postgres side of the AutomationLock port in commands/automation',
  },
];
