// Builders for enterprise-service test data, written straight through the database.
import type { Executor } from '../../src/server/db/database.ts';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../../src/server/modules/enterprise/credit-code.ts';

let counter = 0;

/** A valid unified social credit code, different on every call (or fixed by `n`). */
export function makeCreditCode(n?: number): string {
  let v = n ?? Date.now() * 1000 + (counter++ % 1000);
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = CREDIT_CODE_ALPHABET[v % 31] + body;
    v = Math.floor(v / 31);
  }
  const first17 = `91120113${body}`;
  return first17 + creditCodeCheckChar(first17);
}

export async function buildEnterprise(
  db: Executor,
  jurisdictionId: number,
  over: { name?: string; creditCode?: string; officerIds?: number[]; tags?: string[]; industry?: string } = {},
) {
  const e = await db
    .insertInto('enterprises')
    .values({
      jurisdictionId,
      creditCode: over.creditCode ?? makeCreditCode(),
      name: over.name ?? `测试企业${counter++}`,
      industry: over.industry ?? '制造业',
      tags: over.tags ?? [],
      lng: null,
      lat: null,
      gridId: null,
      contactPhoneEnc: null,
      contactPhoneMasked: null,
      importId: null,
      createdBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const [i, userId] of (over.officerIds ?? []).entries()) {
    await db.insertInto('enterpriseOfficers').values({ jurisdictionId, enterpriseId: e.id, userId, isPrimary: i === 0 }).execute();
  }
  return e;
}

export interface DemandRowOver {
  category?: string;
  status?: string;
  collectedAt: Date;
  collectedOn: string;
  answerDueAt?: Date | null;
  answeredAt?: Date | null;
  resolvedAt?: Date | null;
  confirmedAt?: Date | null;
  satisfaction?: number | null;
  officerId?: number | null;
  assignedUnitId?: number | null;
  campaignId?: number | null;
  projectId?: number | null;
}

/** A demand row as it would stand after its workflow (the rollup must be rebuilt afterwards). */
export async function buildDemandRow(db: Executor, jurisdictionId: number, enterpriseId: number, o: DemandRowOver) {
  return db
    .insertInto('enterpriseDemands')
    .values({
      jurisdictionId,
      enterpriseId,
      category: o.category ?? 'talent',
      title: '测试诉求',
      source: 'visit',
      sourceRef: null,
      visitId: null,
      projectId: o.projectId ?? null,
      campaignId: o.campaignId ?? null,
      status: o.status ?? 'collected',
      officerId: o.officerId ?? null,
      assignedUnitId: o.assignedUnitId ?? null,
      collectedAt: o.collectedAt,
      collectedOn: o.collectedOn,
      answerDueAt: o.answerDueAt ?? null,
      assignedAt: null,
      answeredAt: o.answeredAt ?? null,
      answeredBy: null,
      answer: o.answeredAt ? '已答复' : null,
      answerAttachments: JSON.stringify([]),
      resolvedAt: o.resolvedAt ?? null,
      confirmedAt: o.confirmedAt ?? null,
      closedAt: null,
      closeReason: null,
      satisfaction: o.satisfaction ?? null,
      satisfactionComment: null,
      createdBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
