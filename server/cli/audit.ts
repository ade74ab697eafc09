/**
 * `npx tsx server/cli/audit.ts verify-log`: recomputes every stream's hash chain from the events
 * alone and prints each stream that does not verify, with the revision and global position of
 * its first bad event. Connects like the server (server/connect.ts); with the embedded
 * PostgreSQL it uses the one a running server started. Breaks go to stdout, progress to stderr.
 */
import { ConfigError, loadSettings } from '../config.ts';
import { connect } from '../connect.ts';
import { createProgress } from './progress.ts';
import { verifyLog } from '../../eventstore/verify-log.ts';

const USAGE = `Usage: npx tsx server/cli/audit.ts <command>

Commands:
  verify-log   verify the hash chain of every stream in the event log (revisions without gaps,
               each hash = sha256(previous hash ‖ canonical event)); prints each broken stream
               with the revision and global position of its first bad event
  --help       this text

Connects like the server: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (the running
server's when it is up); EVENTSTORE_URL, else the Postgres log.

Exit status: 0 the log verifies, 1 a stream does not verify, 2 usage or other error.`;

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1 || args[0] !== 'verify-log') {
    console.error(
      `${args.length === 0 ? 'no command given' : `unknown command "${args.join(' ')}"`}\n\n${USAGE}`,
    );
    return 2;
  }
  const settings = loadSettings();
  const conn = await connect(settings, {
    attach: true,
    poolSize: 2,
    storePoolSize: 2,
    log: (line) => console.error(line),
  });
  try {
    const progress = createProgress({ label: 'verify-log', total: 0 });
    const report = await verifyLog(conn.store, { onProgress: (n) => progress.update(n) });
    progress.finish(report.events);
    for (const b of report.breaks) {
      console.log(`BROKEN stream=${b.streamId} revision=${b.revision} position=${b.position}`);
    }
    const summary = `${report.events.toLocaleString('en-US')} events in ${report.streams.toLocaleString('en-US')} streams`;
    if (report.breaks.length === 0) {
      console.log(`ok: ${summary}, every hash chain verifies`);
      return 0;
    }
    console.log(
      `FAILED: ${report.breaks.length} of ${report.streams.toLocaleString('en-US')} streams do not verify (${summary})`,
    );
    return 1;
  } finally {
    await conn.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  },
);
