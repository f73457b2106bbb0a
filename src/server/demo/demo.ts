// The demo jurisdiction of DESIGN.md: 天津北辰经济技术开发区 with its departments, one user per role,
// and each module's records for the demo years. Every figure of the seed report comes out of these rows.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { seedGridsDemo } from './grids.demo.ts';
import { seedEventsDemo } from './events.demo.ts';
import { seedIdentityDemo, type DemoContext } from './identity.demo.ts';
import { seedEnterpriseDemo } from './enterprise.demo.ts';
import { seedMediationDemo } from './mediation.demo.ts';
import { seedRecordsDemo } from './records.demo.ts';
import { seedAssessmentDemo } from './assessment.demo.ts';

type DemoSeed = (db: Kysely<DB>, box: SecretBox, ctx: DemoContext) => Promise<void>;

/** Modules add their demo seeders here, in dependency order (grids before events, registry before demands). */
const moduleDemoSeeds: DemoSeed[] = [seedGridsDemo, seedEnterpriseDemo, seedEventsDemo, seedMediationDemo, seedRecordsDemo, seedAssessmentDemo];

export { DEMO_PASSWORD } from './identity.demo.ts';

export async function seedDemo(db: Kysely<DB>, box: SecretBox): Promise<void> {
  const ctx = await seedIdentityDemo(db, box);
  // Each module's demo rows follow, in dependency order.
  for (const seed of moduleDemoSeeds) await seed(db, box, ctx);
}
