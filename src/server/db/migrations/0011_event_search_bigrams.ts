// Event search by character bigrams. Chinese search terms are often two characters (讨薪, 欠薪, 噪音), which a
// trigram index cannot answer (a 2-character pattern has no trigram), so such searches scanned every event. A GIN
// index over the distinct lower-cased bigrams of title, description and address answers any term of 2 or more
// characters (the term's bigrams must all be present; a substring test then confirms). It replaces the trigram
// index on events, which it makes redundant.
import { sql, type Kysely } from 'kysely';
import { exec } from './util.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await exec(
    db,
    sql`create function text_bigrams(t text) returns text[] language sql immutable strict parallel safe as $$
      select coalesce(array_agg(distinct substr(lower(t), i, 2)), '{}') from generate_series(1, char_length(t) - 1) i
    $$`,
    sql`drop index events_search`,
    sql`create index events_search_bigrams on events using gin (text_bigrams(search_text))`,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
