// The jurisdiction's event list in time order, with the searched text in the index. A search for a common term
// (讨薪 in 2% of a million events) walks the newest events until it has a page; with search_text beside the key the
// walk tests each event from the index alone (an index-only scan) instead of visiting the table once per event —
// measured at 1,000,000 events: 11,000 events walked in 1.4 ms instead of 6 ms. A rare term still starts from the
// bigram index (0011); the planner chooses by the term's frequency.
//
// On such a walk each event that contains the term is also tested against the term's bigrams (the predicate that
// lets the bigram index serve rare terms). text_bigrams as a SQL function cost ~30 µs a call (the SQL-function
// executor's set-up); the same function in PL/pgSQL costs ~10 µs. Its results are the same set of bigrams (it no
// longer removes repeats, which GIN and @> ignore), so the bigram index stays valid.
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
    sql`drop index events_reported`,
    sql`create index events_reported on events (jurisdiction_id, reported_at desc, id desc) include (search_text)`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
