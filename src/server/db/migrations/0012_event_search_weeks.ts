// Newest-first text search that does not depend on where the matches lie. The bigram index (0011) answers which
// events hold a term, in no order: for a common term (讨薪 in 2% of a million events) a page of the newest needs
// every match's row (20,000 visits), or a walk of the newest events until twenty match — long when the newest tens
// of thousands hold none (measured: 14 ms a search, 80–100 ms under load). This index keys each bigram by the week
// the event was reported in (讨薪#2661): a search visits the weeks newest first, each an exact index look-up, and
// stops once it has its page and count — the rows it reads are the matches of the last week or two.
// Without GIN's pending list (fastupdate off): entries not yet merged are scanned on every look-up, and a search
// makes one look-up per week — measured: 1.8 s a search after 35,000 inserts with it, 22 ms without; intake pays
// ~10% more database time for writing the entries straight into the index.
//
// text_bigrams (0011) becomes PL/pgSQL: as a SQL function each call cost ~30 µs (the SQL-function executor's
// set-up), now ~10 µs, which counts where the planner tests rows with it. Same set of bigrams (repeats are no
// longer removed; GIN and @> ignore them), so the bigram index stays valid.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create or replace function text_bigrams(t text) returns text[] language plpgsql immutable strict parallel safe as $$
      declare
        l text := lower(t);
        r text[] := '{}';
      begin
        for i in 1 .. char_length(l) - 1 loop
          r := r || substr(l, i, 2);
        end loop;
        return r;
      end
    $$`,
    sql`create function event_week(at timestamptz) returns bigint language sql immutable strict parallel safe as $$
      select floor(extract(epoch from at) / 604800)::bigint
    $$`,
    sql`create function text_bigram_weeks(t text, at timestamptz) returns text[] language plpgsql immutable strict parallel safe as $$
      declare
        l text := lower(t);
        -- event_week inlined: VACUUM and ANALYZE (PostgreSQL 17, PGlite) run index expressions with only
        -- pg_catalog on the search path.
        w text := '#' || floor(extract(epoch from at) / 604800)::bigint;
        r text[] := '{}';
      begin
        for i in 1 .. char_length(l) - 1 loop
          r := r || (substr(l, i, 2) || w);
        end loop;
        return r;
      end
    $$`,
    sql`create index events_search_weeks on events using gin (text_bigram_weeks(search_text, reported_at)) with (fastupdate = off)`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
