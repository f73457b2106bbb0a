// The acceptance test of issue 7: the 2020 report generated from the demo data carries every figure of the
// seed report (../shared/seed/000_cce1671a50314ffe.txt), computed from the records, figure by figure; and the
// whole text reads as the seed does. The expected figures are written here so the test runs without the file.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import type { Database } from '../../db/database.ts';
import { seedDemo } from '../../demo/demo.ts';
import { SecretBox } from '../../platform/crypto/secret-box.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readZip } from '../../../../test/support/report.zip.ts';
import { runReportCommand } from './report.cli.ts';
import { findPersonalData } from './report.privacy.ts';
import { documentForYear, exportDocument } from './report.service.ts';
import { blockText, type RenderedReport } from './report.render.ts';

/** Every figure of the seed, in its order, with the figure key it must come from and how the text writes it. */
export const SEED_FIGURES: { seed: string; key: string; text: string; value?: number }[] = [
  { seed: '485家企业', key: 'enterprise.served', text: '485' },
  { seed: '问题509个', key: 'enterprise.demands_collected', text: '509' },
  { seed: '项目问题10个', key: 'enterprise.project_problems', text: '10' },
  { seed: '问题收集率104%', key: 'enterprise.collection_rate', text: '104%' },
  { seed: '答复率100%', key: 'enterprise.answer_rate', text: '100%' },
  { seed: '帮助208家企业', key: 'enterprise.job_posting_enterprises', text: '208' },
  { seed: '岗位809个', key: 'enterprise.job_positions', text: '809' },
  { seed: '50余家企业进行银企对接', key: 'enterprise.bank_matched', text: '50余' },
  { seed: '成功帮助7家企业', key: 'enterprise.financed', text: '7' },
  { seed: '融资30348万元', key: 'enterprise.financing_amount_wan', text: '30348' },
  { seed: '7个基础网格', key: 'grids.base_count', text: '7' },
  { seed: '上报处置1101起事件', key: 'events.reported', text: '1101' },
  { seed: '100%实现闭环处理', key: 'events.closed_loop_rate', text: '100%' },
  { seed: '来访群众500余人次', key: 'mediation.visitors', text: '500余' },
  { seed: '化解矛盾纠纷24件', key: 'mediation.disputes_resolved', text: '24' },
  { seed: '农民工工资111.18万元', key: 'mediation.wage_amount_wan', text: '111.18' },
  { seed: '破获刑事案件16起', key: 'safety.criminal_solved', text: '16' },
  { seed: '治安案件结案83起', key: 'safety.public_security_closed', text: '83' },
  { seed: '安置帮教对象8人', key: 'safety.subjects', text: '8' },
  { seed: '未发生重新犯罪行为', key: 'safety.reoffended', text: '未发生重新犯罪行为', value: 0 },
  { seed: '不少于40学时', key: 'education.required_hours', text: '40' },
  { seed: '学法均不少于（全体）', key: 'education.hours_met_rate', text: '全体', value: 100 },
  { seed: '全部通过…网上学法用法考试', key: 'education.exam_pass_rate', text: '全部通过', value: 100 },
  { seed: '活动30余场', key: 'education.publicity_events', text: '30余' },
  { seed: '图册2000余份', key: 'education.materials', text: '2000余' },
  { seed: '援助调解30余次', key: 'legal.services', text: '30余' },
  { seed: '20多个点位', key: 'legal.sites', text: '20多' },
];

/** The seed report's paragraphs (non-empty lines), as the platform must write them. */
const SEED_TEXT_CHECKS = [
  '天津北辰经济技术开发区2020年法治政府建设情况报告',
  '一、工作情况',
  '（一）提高政治站位，压实主体责任',
  '（二）优化营商环境，服务提质增效',
  '（三）坚持法治引领，加强基层治理',
  '（四）增强法治观念，营造学法氛围',
  '二、存在不足',
  '三、2021年工作思路',
];

/** Which figure texts the rendered report shows for a key, in order (conditions count for their figures). */
function shown(r: RenderedReport, key: string): string[] {
  const out: string[] = [];
  for (const b of r.blocks) for (const run of b.runs) if (run.figure === key || run.basis?.includes(key)) out.push(run.text);
  return out;
}

describe.each(DB_KINDS)('the 2020 demo report against the seed on %s', (kind) => {
  let database: Database;
  let report: RenderedReport;
  let jurisdictionId: number;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedDemo(database.db, new SecretBox(randomBytes(32)));
    const j = await database.db.selectFrom('jurisdictions').select('id').where('code', '=', 'beichen-etdz').executeTakeFirstOrThrow();
    jurisdictionId = j.id;
    report = (await documentForYear(database.db, j.id, 2020)).rendered!;
  }, 600_000);
  afterAll(() => database?.close());

  it('has the seed structure: title, 一、（一）–（四）, 二、, 三、2021年工作思路', () => {
    const lines = report.blocks.map(blockText);
    for (const l of SEED_TEXT_CHECKS) expect(lines).toContain(l);
    expect(report.blocks.map((b) => b.kind)).toEqual([
      'title', 'paragraph', 'heading1', 'heading2', 'paragraph', 'heading2', 'paragraph', 'heading2', 'paragraph', 'heading2', 'paragraph',
      'heading1', 'paragraph', 'paragraph', 'paragraph', 'heading1', 'paragraph', 'paragraph', 'paragraph', 'paragraph',
    ]);
  });

  it.each(SEED_FIGURES)('carries $seed from $key', ({ key, text, value }) => {
    const f = report.figures.find((x) => x.key === key);
    const missing = f?.missing ? ` (missing: ${f.missing})` : '';
    expect(f, `figure ${key} is not used by the 2020 report`).toBeDefined();
    expect(f!.value, `${key}${missing}`).not.toBeNull();
    if (value !== undefined) expect(f!.value).toBe(value);
    expect(shown(report, key).join('|'), `${key}${missing}`).toContain(text);
  });

  it('needs no figure it cannot compute', () => {
    expect(report.missing.map((m) => `${m.key}: ${m.reason}`)).toEqual([]);
    expect(report.templateErrors).toEqual([]);
  });

  it('exports the 2020 report as DOCX, HTML and Markdown with no ID-card or phone number in any of them', async () => {
    const outs: string[] = [];
    for (const format of ['docx', 'html', 'md'] as const) {
      const f = await exportDocument(report, format);
      outs.push(format === 'docx' ? [...readZip(f.data).values()].map((b) => b.toString('utf8')).join('\n') : f.data.toString('utf8'));
    }
    for (const o of outs) {
      expect(findPersonalData(o)).toEqual([]);
      expect(o).toContain('天津北辰经济技术开发区2020年法治政府建设情况报告');
    }
    // The corrections subjects of the demo are in the records (encrypted), never in the report.
    const masked = await database.db.selectFrom('supervisionSubjects').select(['nameMasked', 'idNumberMasked']).execute();
    for (const m of masked) for (const o of outs) expect(o).not.toContain(m.idNumberMasked);
  });

  it('writes the report from the command line: zhili report --year 2020 --format md -o FILE', async () => {
    const file = path.join(os.tmpdir(), `zhili-report-${process.pid}-${kind}.md`);
    const lines: string[] = [];
    const code = await runReportCommand(['--year', '2020', '--format', 'md', '-o', file], database, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(code).toBe(0);
    const md = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    expect(md.startsWith('# 天津北辰经济技术开发区2020年法治政府建设情况报告')).toBe(true);
    expect(md).toContain('全年共收集并答复485家企业');
    expect(await runReportCommand(['--year', 'x', '-o', file], database, { log: () => {}, error: () => {} })).toBe(2);
  });

  it('gives 2021 a report of its own, with other figures', async () => {
    const r21 = (await documentForYear(database.db, jurisdictionId, 2021)).rendered!;
    expect(r21.title).toBe('天津北辰经济技术开发区2021年法治政府建设情况报告');
    const served = (r: RenderedReport) => r.figures.find((f) => f.key === 'enterprise.served')?.value;
    expect(served(r21)).not.toBe(served(report));
    expect(r21.blocks.map(blockText)).toContain('三、2022年工作思路');
  });
});
