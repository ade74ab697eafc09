import type { Sql } from 'postgres';

/** Serialises every group commit, in every process (see eventlog.append_batch and group-commit.ts). */
export const APPEND_LOCK = 7240010;

/**
 * The Postgres log. `transaction_id` (xid8) lets readers stop below the oldest transaction still
 * running (`pg_snapshot_xmin`), so an event that commits late is never skipped; UNIQUE(stream_id,
 * event_id) makes a retried append a no-op; the per-stream row is locked to check revisions.
 */
export async function migrateEventLog(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    // Several processes (tests, CLI) may start at once: one migrates, the others wait.
    await tx`select pg_advisory_xact_lock(7240001)`;
    await tx.unsafe(`
      create schema if not exists eventlog;
      create table if not exists eventlog.streams (
        stream_id text primary key,
        revision bigint not null default -1,
        last_hash text not null default '${'0'.repeat(64)}'
      );
      create table if not exists eventlog.events (
        global_position bigint generated always as identity primary key,
        transaction_id xid8 not null default pg_current_xact_id(),
        stream_id text not null,
        revision bigint not null,
        event_id uuid not null,
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        hash text not null,
        recorded_at timestamptz not null default now(),
        unique (stream_id, revision),
        unique (stream_id, event_id)
      );
      -- Readers walk the primary key (global_position) and filter on transaction_id: no other index
      -- is needed, and each one would cost every append.
      drop index if exists eventlog.events_tx_position;
    `);
    await tx.unsafe(APPEND_BATCH_SQL);
  });
}

/**
 * One group commit in one statement (so one round trip, committed on return): take the append
 * lock, create and lock the group's streams, then, for each append in arrival order, answer a
 * repeat of stored or earlier ids with the original's result, refuse a partial repeat or a
 * wrong expected revision, or chain and write its events; finally insert every row and move the
 * stream heads. Subscribers are notified after the commit (see store.ts). Expected revisions:
 * n ≥ 0 exact, -1 no stream, -2 any, -3 stream exists. Each append gets (status, revision, position): 'written' or 'existing' with
 * its last event's revision and position, 'wrong' with the stream's actual revision, 'conflict'.
 * Links are sha256("previous:revision:digest") as in hash.ts (linkHash).
 */
export const APPEND_BATCH_SQL = `
-- The first version also sent NOTIFY: that serialised every commit, WAL flush included.
drop function if exists eventlog.append_batch(text[], bigint[], int[], uuid[], text[], jsonb[], jsonb[], text[], text);
create or replace function eventlog.append_batch(
  p_streams text[], p_expected bigint[], p_counts int[],
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_digests text[]
) returns table (r_status text, r_revision bigint, r_position bigint)
language plpgsql as $fn$
declare
  n int := coalesce(array_length(p_streams, 1), 0);
  st text[] := array_fill(null::text, array[n]);
  rv bigint[] := array_fill(null::bigint, array[n]);
  ps bigint[] := array_fill(null::bigint, array[n]);
  at_row int[] := array_fill(null::int, array[n]);
  u_streams text[]; u_revs bigint[]; u_hashes text[];
  o_streams text[] := '{}'; o_revs bigint[] := '{}'; o_ids uuid[] := '{}'; o_types text[] := '{}';
  o_data jsonb[] := '{}'; o_meta jsonb[] := '{}'; o_hashes text[] := '{}'; o_keys text[] := '{}';
  positions bigint[];
  f int := 1; i int; k int; u int; cnt int; seen int; stored int;
  head bigint; hsh text; expct bigint; last_rev bigint; last_pos bigint;
  ids uuid[]; keys text[];
begin
  -- Positions must be taken in the order of the transactions' ids (see group-commit.ts), so the
  -- part that takes the xid (first write) and the positions runs under one lock, in every
  -- process. It is a session lock released before the commit, so the next group works while
  -- this one waits for its WAL flush; the handler releases it if anything fails.
  perform pg_advisory_lock(${APPEND_LOCK});
  begin
  with locked as (
    insert into eventlog.streams as s (stream_id)
    select distinct x from unnest(p_streams) x order by 1
    on conflict (stream_id) do update set stream_id = excluded.stream_id
    returning s.stream_id, s.revision, s.last_hash)
  select array_agg(l.stream_id order by l.stream_id), array_agg(l.revision order by l.stream_id),
         array_agg(l.last_hash order by l.stream_id)
    into u_streams, u_revs, u_hashes from locked l;

  for i in 1 .. n loop
    cnt := p_counts[i];
    ids := p_ids[f : f + cnt - 1];
    u := array_position(u_streams, p_streams[i]);
    head := u_revs[u]; hsh := u_hashes[u]; expct := p_expected[i];
    keys := array(select p_streams[i] || ' ' || x from unnest(ids) x);
    seen := 0; last_rev := null; last_pos := null;
    if o_keys && keys then
      seen := (select count(*) from unnest(keys) y where y = any(o_keys));
    end if;
    -- Stored ids are looked up whatever the expectation: a retry is a no-op even when its exact
    -- expected revision happens to hold again (the EventStoreDB adapter gives the same answer).
    if head >= 0 then
      select count(*), max(ev.revision) filter (where ev.event_id = ids[cnt]),
             max(ev.global_position) filter (where ev.event_id = ids[cnt])
        into stored, last_rev, last_pos
        from eventlog.events ev where ev.stream_id = p_streams[i] and ev.event_id = any(ids);
      seen := seen + stored;
    end if;
    if seen = cnt then
      st[i] := 'existing';
      if last_rev is not null then rv[i] := last_rev; ps[i] := last_pos;
      else at_row[i] := array_position(o_keys, keys[cnt]);
      end if;
    elsif seen > 0 then
      st[i] := 'conflict';
    elsif not (expct = -2 or (expct = -1 and head < 0) or (expct = -3 and head >= 0) or expct = head) then
      st[i] := 'wrong'; rv[i] := head;
    else
      for k in f .. f + cnt - 1 loop
        head := head + 1;
        hsh := encode(sha256(convert_to(hsh || ':' || head || ':' || p_digests[k], 'UTF8')), 'hex');
        o_streams := o_streams || p_streams[i]; o_revs := o_revs || head; o_ids := o_ids || p_ids[k];
        o_types := o_types || p_types[k]; o_data := o_data || p_data[k]; o_meta := o_meta || p_metadata[k];
        o_hashes := o_hashes || hsh;
      end loop;
      u_revs[u] := head; u_hashes[u] := hsh;
      o_keys := o_keys || keys;
      st[i] := 'written'; at_row[i] := array_length(o_revs, 1);
    end if;
    f := f + cnt;
  end loop;

  if array_length(o_revs, 1) > 0 then
    with ins as (
      insert into eventlog.events (stream_id, revision, event_id, type, data, metadata, hash)
      select * from unnest(o_streams, o_revs, o_ids, o_types, o_data, o_meta, o_hashes)
      returning stream_id, revision, global_position)
    select array_agg(ins.global_position order by t.ord) into positions
      from unnest(o_streams, o_revs) with ordinality t(sid, rev, ord)
      join ins on ins.stream_id = t.sid and ins.revision = t.rev;
    update eventlog.streams s set revision = h.rev, last_hash = h.hash
      from unnest(u_streams, u_revs, u_hashes) h(sid, rev, hash)
      where s.stream_id = h.sid and s.revision <> h.rev;
  end if;
  exception when others or query_canceled then
    perform pg_advisory_unlock(${APPEND_LOCK});
    raise;
  end;
  perform pg_advisory_unlock(${APPEND_LOCK});

  for i in 1 .. n loop
    if at_row[i] is not null then rv[i] := o_revs[at_row[i]]; ps[i] := positions[at_row[i]]; end if;
  end loop;
  return query select x.s, x.r, x.p from unnest(st, rv, ps) with ordinality x(s, r, p, ord) order by x.ord;
end
$fn$;
`;
