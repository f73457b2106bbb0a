// Demo jurisdiction, departments and one account per role (invented names; the seed names only roles).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashPassword } from '../platform/auth/password.ts';
import type { Role } from '../platform/auth/roles.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';

export const DEMO_PASSWORD = 'Zhili-Demo-2020!';

export interface DemoContext {
  jurisdictionId: number;
  orgUnits: Record<string, number>;
  users: Record<string, number>;
}

export const DEMO_ORG_UNITS: { code: string; name: string; kind: string }[] = [
  { code: 'committee', name: '党工委管委会', kind: 'committee' },
  { code: 'law_office', name: '法治建设领导小组办公室', kind: 'office' },
  { code: 'command_centre', name: '社会治理指挥中心', kind: 'command_centre' },
  { code: 'enterprise_service', name: '企业服务局', kind: 'department' },
  { code: 'urban_management', name: '城市管理办公室', kind: 'department' },
  { code: 'safety_supervision', name: '安全生产监督管理办公室', kind: 'department' },
  { code: 'labour_inspection', name: '劳动保障监察大队', kind: 'department' },
  { code: 'market_supervision', name: '市场监管所', kind: 'department' },
  { code: 'planning_construction', name: '规划建设局', kind: 'department' },
  { code: 'finance', name: '财政金融局', kind: 'department' },
  { code: 'mediation_centre', name: '矛盾纠纷调处中心', kind: 'mediation_centre' },
  { code: 'police_station', name: '开发区派出所', kind: 'police_station' },
  { code: 'judicial_office', name: '司法所', kind: 'judicial_office' },
  { code: 'company', name: '开发区总公司', kind: 'company' },
];

export const DEMO_USERS: { username: string; displayName: string; role: Role; orgUnit: string | null }[] = [
  { username: 'secadmin', displayName: '孙安全', role: 'security_admin', orgUnit: 'committee' },
  { username: 'auditor', displayName: '钱审计', role: 'audit_admin', orgUnit: 'committee' },
  { username: 'leader', displayName: '周立新', role: 'leader', orgUnit: 'committee' },
  { username: 'leader2', displayName: '吴海涛', role: 'leader', orgUnit: 'company' },
  { username: 'fazhiban', displayName: '郑晓雯', role: 'law_office', orgUnit: 'law_office' },
  { username: 'zhihui', displayName: '冯志刚', role: 'dispatcher', orgUnit: 'command_centre' },
  { username: 'chengguan', displayName: '陈立军', role: 'handler', orgUnit: 'urban_management' },
  { username: 'anjian', displayName: '褚明亮', role: 'handler', orgUnit: 'safety_supervision' },
  { username: 'laodong', displayName: '卫红梅', role: 'handler', orgUnit: 'labour_inspection' },
  { username: 'shichang', displayName: '蒋文博', role: 'handler', orgUnit: 'market_supervision' },
  { username: 'guihua', displayName: '沈国栋', role: 'handler', orgUnit: 'planning_construction' },
  { username: 'qifu', displayName: '韩雪梅', role: 'enterprise_officer', orgUnit: 'enterprise_service' },
  { username: 'qifu2', displayName: '杨建华', role: 'enterprise_officer', orgUnit: 'enterprise_service' },
  { username: 'tiaojie', displayName: '朱慧敏', role: 'mediator', orgUnit: 'mediation_centre' },
  { username: 'pingan', displayName: '秦振宇', role: 'safety', orgUnit: 'judicial_office' },
  { username: 'lvshi', displayName: '许文静', role: 'lawyer', orgUnit: null },
  { username: 'lvshi2', displayName: '何志远', role: 'lawyer', orgUnit: null },
  ...Array.from({ length: 7 }, (_, i) => ({
    username: `wangge${i + 1}`,
    displayName: ['吕春燕', '施建平', '张丽娜', '孔德明', '曹玉兰', '严志强', '华秀英'][i],
    role: 'grid_worker' as Role,
    orgUnit: 'command_centre',
  })),
];

export async function seedIdentityDemo(db: Kysely<DB>, _box: SecretBox): Promise<DemoContext> {
  const j = await db
    .insertInto('jurisdictions')
    .values({ code: 'beichen-etdz', name: '天津北辰经济技术开发区', shortName: '北辰开发区', region: '天津市北辰区' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orgUnits: Record<string, number> = {};
  for (const [i, ou] of DEMO_ORG_UNITS.entries()) {
    const row = await db
      .insertInto('orgUnits')
      .values({ jurisdictionId: j.id, code: ou.code, name: ou.name, kind: ou.kind, sort: i, parentId: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgUnits[ou.code] = row.id;
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Record<string, number> = {};
  for (const u of DEMO_USERS) {
    const row = await db
      .insertInto('users')
      .values({
        jurisdictionId: j.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        orgUnitId: u.orgUnit ? orgUnits[u.orgUnit] : null,
        enterpriseId: null,
        passwordHash,
        mustChangePassword: false,
        phoneEnc: null,
        phoneMasked: null,
        totpSecretEnc: null,
        totpLastStep: null,
        lockedUntil: null,
        lastLoginAt: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    users[u.username] = row.id;
  }
  // The seed report is for 2020: the office opens its figures and report on that year.
  await db.insertInto('settings').values({ jurisdictionId: j.id, key: 'work_year', value: JSON.stringify(2020) }).execute();
  return { jurisdictionId: j.id, orgUnits, users };
}
