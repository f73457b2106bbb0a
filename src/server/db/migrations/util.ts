import type { Kysely, RawBuilder } from 'kysely';

/** Runs statements one by one (both drivers use the extended protocol, which takes one statement at a time). */
export async function exec(db: Kysely<any>, ...statements: RawBuilder<unknown>[]): Promise<void> {
  for (const s of statements) await s.execute(db);
}
