// Visitors, parties and petitioners: name, ID-card number and phone are sealed (encrypted, masked, blind-indexed)
// on the way in; every view shows the masked text; the whole values come out only through reveal(), which needs
// the mediator's role and a stated reason and writes an audit row (without the values).
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { assertRowAccess } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { openPersonal, requireIdCard, requirePhone, sealPersonal } from '../../platform/crypto/sensitive.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import { errors } from '../../platform/errors.ts';
import { audit, authorized } from './mediation.common.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';
import type { MediationPeopleTable } from './mediation.table.ts';
import type { PersonRole } from './mediation.workflow.ts';

export interface PersonInput {
  name: string;
  idCard?: string;
  phone?: string;
  representative?: boolean;
}

export interface PartyInput extends PersonInput {
  role: 'applicant' | 'respondent' | 'third_party';
  kind?: 'person' | 'enterprise';
  /** Link to the enterprise registry (enterprise parties). */
  enterpriseId?: number;
}

export type Owner = { intakeId: number } | { disputeId: number } | { petitionId: number };

export interface PersonView {
  id: number;
  role: PersonRole;
  representative: boolean;
  kind: 'person' | 'enterprise';
  /** Masked for a person ("张*明"), whole for an enterprise. */
  name: string;
  idCard: string | null;
  phone: string | null;
  enterpriseId: number | null;
  consentAt: Date | null;
  consentNote: string | null;
}

function ownerColumns(o: Owner) {
  return {
    intakeId: 'intakeId' in o ? o.intakeId : null,
    disputeId: 'disputeId' in o ? o.disputeId : null,
    petitionId: 'petitionId' in o ? o.petitionId : null,
  };
}

/** Validates (GB 11643 ID card, phone) and seals one person for storage. */
export function sealPerson(
  box: SecretBox,
  jurisdictionId: number,
  owner: Owner,
  role: PersonRole,
  p: PersonInput & { kind?: 'person' | 'enterprise'; enterpriseId?: number },
  sort: number,
  field = 'people',
): Insertable<MediationPeopleTable> {
  const name = p.name.trim();
  if (!name) throw errors.validation({ field: `${field}[${sort}].name` }, { zh: '请填写姓名或名称', en: 'A name is required' });
  const base = { jurisdictionId, ...ownerColumns(owner), role, representative: p.representative ?? false, sort, consentAt: null, consentNote: null };
  if (p.kind === 'enterprise') {
    return {
      ...base,
      partyKind: 'enterprise',
      enterpriseId: p.enterpriseId ?? null,
      enterpriseName: name,
      nameEnc: null,
      nameMasked: name,
      idCardEnc: null,
      idCardMasked: null,
      idCardIndex: null,
      phoneEnc: null,
      phoneMasked: null,
      phoneIndex: null,
    };
  }
  const sealedName = sealPersonal(box, name, 'other');
  const id = p.idCard?.trim() ? sealPersonal(box, requireIdCard(p.idCard, `${field}[${sort}].idCard`).value, 'id_card') : null;
  const phone = p.phone?.trim() ? sealPersonal(box, requirePhone(p.phone, `${field}[${sort}].phone`), 'phone') : null;
  return {
    ...base,
    partyKind: 'person',
    enterpriseId: null,
    enterpriseName: null,
    nameEnc: sealedName.enc,
    nameMasked: sealedName.masked,
    idCardEnc: id?.enc ?? null,
    idCardMasked: id?.masked ?? null,
    idCardIndex: id?.index ?? null,
    phoneEnc: phone?.enc ?? null,
    phoneMasked: phone?.masked ?? null,
    phoneIndex: phone?.index ?? null,
  };
}

/** The same people under another owner (an intake's visitors become a dispute's applicants), still sealed. */
export function copyPeople(rows: readonly repo.PersonRow[], owner: Owner, role: PersonRole): Insertable<MediationPeopleTable>[] {
  return rows.map((r, i) => ({
    jurisdictionId: r.jurisdictionId,
    ...ownerColumns(owner),
    role,
    representative: r.representative,
    partyKind: r.partyKind,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    nameEnc: r.nameEnc,
    nameMasked: r.nameMasked,
    idCardEnc: r.idCardEnc,
    idCardMasked: r.idCardMasked,
    idCardIndex: r.idCardIndex,
    phoneEnc: r.phoneEnc,
    phoneMasked: r.phoneMasked,
    phoneIndex: r.phoneIndex,
    consentAt: null,
    consentNote: null,
    sort: i,
  }));
}

export function personView(r: repo.PersonRow): PersonView {
  return {
    id: r.id,
    role: r.role,
    representative: r.representative,
    kind: r.partyKind,
    name: r.partyKind === 'enterprise' ? (r.enterpriseName ?? r.nameMasked) : r.nameMasked,
    idCard: r.idCardMasked,
    phone: r.phoneMasked,
    enterpriseId: r.enterpriseId,
    consentAt: r.consentAt,
    consentNote: r.consentNote,
  };
}

export interface RevealedPerson {
  id: number;
  name: string;
  idCard: string | null;
  phone: string | null;
}

/** The whole personal values of one person, for the mediator, with a reason; the view is audited. */
export async function revealPerson(db: Executor, ctx: RequestContext, box: SecretBox, personId: number, reason: string): Promise<RevealedPerson> {
  const a = authorized(ctx, mediationActions['mediation.people.reveal']);
  const why = reason.trim();
  if (why.length < 2) throw errors.validation({ field: 'reason' }, { zh: '查看完整个人信息须说明理由', en: 'State why the whole personal data is needed' });
  const row = await repo.findPerson(db, personId);
  assertRowAccess(a.actor, a.scope, row, 'mediation_person', '人员');
  const p = row!;
  const result: RevealedPerson = {
    id: p.id,
    name: p.partyKind === 'enterprise' ? (p.enterpriseName ?? '') : openPersonal(box, p.nameEnc!),
    idCard: p.idCardEnc ? openPersonal(box, p.idCardEnc) : null,
    phone: p.phoneEnc ? openPersonal(box, p.phoneEnc) : null,
  };
  const owner = p.intakeId ? { owner: 'intake', ownerId: p.intakeId } : p.disputeId ? { owner: 'dispute', ownerId: p.disputeId } : { owner: 'petition', ownerId: p.petitionId };
  const fields = ['name', ...(p.idCardEnc ? ['idCard'] : []), ...(p.phoneEnc ? ['phone'] : [])];
  await audit(db, ctx, 'mediation.person.reveal', 'mediation_person', p.id, { reason: why.slice(0, 200), fields, ...owner });
  return result;
}
