import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from 'postgres';

/**
 * Where a run's time went, from outside the code under test: CPU of this Node process, CPU of
 * the benchmark's PostgreSQL (postmaster and its children, from /proc), WAL flushes and commits
 * (PostgreSQL 17's pg_stat_wal and pg_stat_database), rows the log's table was scanned for
 * sequentially. Linux only; missing figures stay 0.
 */
export interface Sample {
  at: number;
  nodeCpuMs: number;
  pgCpuMs: number;
  walSyncs: number;
  walBytes: number;
  commits: number;
  /** Rows read by sequential scans of eventlog.events (0 where the table does not exist). */
  logSeqRows: number;
}

export interface Usage {
  seconds: number;
  nodeCpuMs: number;
  pgCpuMs: number;
  walSyncs: number;
  walBytes: number;
  commits: number;
  logSeqRows: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export class Probe {
  constructor(
    private readonly sql: Sql,
    private readonly dataDir: string,
  ) {}

  /**
   * PostgreSQL backends publish their statistics at most once a second, and an idle backend
   * only after ten: after a run, ask every connection of each pool to flush now
   * (`pg_stat_force_next_flush`), so the next sample holds everything that run did.
   * Concurrent queries land on distinct idle connections of a postgres.js pool.
   */
  async settle(pools: { sql: Sql; size: number }[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 200));
    for (const p of [...pools, { sql: this.sql, size: 1 }]) {
      await Promise.all(
        Array.from({ length: p.size }, () => p.sql`select pg_stat_force_next_flush()`),
      );
    }
  }

  async sample(): Promise<Sample> {
    const cpu = process.cpuUsage();
    const [wal] = await this.sql<
      { wal_sync: string; wal_bytes: string }[]
    >`select wal_sync::text, wal_bytes::text from pg_stat_wal`.catch(() => []);
    const [db] = await this.sql<
      { xact_commit: string }[]
    >`select xact_commit::text from pg_stat_database where datname = current_database()`;
    const [log] = await this.sql<{ n: string }[]>`
      select seq_tup_read::text as n from pg_stat_user_tables where schemaname = 'eventlog' and relname = 'events'`;
    return {
      at: performance.now(),
      logSeqRows: Number(log?.n ?? 0),
      nodeCpuMs: (cpu.user + cpu.system) / 1000,
      pgCpuMs: await this.postgresCpuMs(),
      walSyncs: Number(wal?.wal_sync ?? 0),
      walBytes: Number(wal?.wal_bytes ?? 0),
      commits: Number(db?.xact_commit ?? 0),
    };
  }

  static usage(before: Sample, after: Sample): Usage {
    return {
      seconds: (after.at - before.at) / 1000,
      nodeCpuMs: after.nodeCpuMs - before.nodeCpuMs,
      pgCpuMs: after.pgCpuMs - before.pgCpuMs,
      walSyncs: after.walSyncs - before.walSyncs,
      walBytes: after.walBytes - before.walBytes,
      commits: after.commits - before.commits,
      logSeqRows: after.logSeqRows - before.logSeqRows,
    };
  }

  private async postgresCpuMs(): Promise<number> {
    try {
      const postmaster = Number(
        (await readFile(path.join(this.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      let ticks = 0;
      for (const entry of await readdir('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
        // Fields after the command name, which may contain spaces: state ppid ... utime(14) stime(15).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(entry) === postmaster || Number(fields[1]) === postmaster)
          ticks += Number(fields[11]) + Number(fields[12]);
      }
      return (ticks / TICKS_PER_SECOND) * 1000;
    } catch {
      return 0;
    }
  }
}
