// Pure parts of the report: body checks, rendering, versions diff, workflow table, personal-data scan.
import { describe, expect, it } from 'vitest';
import { figureSetFrom, yearPeriod, type Finding } from '../assessment/index.ts';
import { checkBody, missingContents, type ReportBody } from './report.body.ts';
import { defaultBody } from './report.defaults.ts';
import { diffBodies, diffText, summarizeDiff } from './report.diff.ts';
import { findPersonalData } from './report.privacy.ts';
import { blockText, plainText, renderReport } from './report.render.ts';
import { actionsFor, findTransition, statusAfterEdit, TRANSITIONS } from './report.workflow.ts';

const finding: Finding = {
  rule: 'recurring_wage_arrears',
  title: '重复欠薪',
  severity: 'medium',
  text: '农民工讨薪问题较为突出。',
  suggestion: '加强欠薪源头治理。',
  evidence: [],
};
const vars = { year: 2020, jurisdictionName: '测试开发区', jurisdictionShortName: '测试区' };

describe('report body', () => {
  it('drafts the default body with the findings in 存在不足 and a suggestion in 工作思路', () => {
    const b = defaultBody([finding]);
    expect(checkBody(b)).toEqual([]);
    expect(missingContents(b)).toEqual([]);
    expect(b.shortcomings.items).toEqual([{ text: finding.text, finding: 'recurring_wage_arrears' }]);
    expect(b.plans.items.at(-1)).toEqual({ text: finding.suggestion, finding: 'recurring_wage_arrears' });
    expect(b.work.sections.map((s) => s.key)).toEqual(['leadership', 'business', 'governance', 'education']);
  });

  it('names the required contents a body lacks, including the first-responsible-person duty', () => {
    const b = defaultBody([]);
    const without: ReportBody = {
      ...b,
      work: { ...b.work, sections: b.work.sections.map((s) => (s.leadersDuty ? { ...s, paragraphs: ['领导重视。'] } : s)) },
      plans: { ...b.plans, items: [] },
    };
    expect(missingContents(without)).toEqual(['党政主要负责人履行推进法治建设第一责任人职责情况', '下一年度工作思路']);
  });

  it('reports template errors and empty texts with their place', () => {
    const b = defaultBody([]);
    const bad: ReportBody = { ...b, opening: ['{{events.nothing}}', ' '] };
    expect(checkBody(bad).map((p) => [p.path, p.message])).toEqual([
      ['opening.0', '未知的统计项“events.nothing”'],
      ['opening.1', '内容不能为空'],
    ]);
  });

  it('renders numbered headings and items in the seed’s order', () => {
    const b = defaultBody([finding]);
    const r = renderReport(b, figureSetFrom({ 'grids.base_count': { value: 7 } }, yearPeriod(2020)), vars);
    const lines = r.blocks.map(blockText);
    expect(lines[0]).toBe('测试开发区2020年法治政府建设情况报告');
    expect(lines).toContain('一、工作情况');
    expect(lines).toContain('（一）组织领导与主体责任');
    expect(lines).toContain('（四）学法普法与法律服务');
    expect(lines).toContain('二、存在不足');
    expect(lines).toContain('1、农民工讨薪问题较为突出。');
    expect(lines).toContain('三、2021年工作思路');
    expect(r.blocks.find((x) => x.path === 'shortcomings.items.0')?.finding).toBe('recurring_wage_arrears');
    expect(plainText(r).split('\n')[1]).toBe('');
    expect(r.figures.find((f) => f.key === 'grids.base_count')?.value).toBe(7);
    expect(r.missing.length).toBeGreaterThan(0);
  });
});

describe('version diff', () => {
  it('shows changed, added and removed texts, with a character-level diff of a change', () => {
    const a = defaultBody([]);
    const b: ReportBody = {
      ...a,
      opening: [a.opening[0].replace('深入学习', '认真学习')],
      plans: { ...a.plans, items: [...a.plans.items.slice(1), { text: '新增一条。' }] },
    };
    const entries = diffBodies(a, b);
    const changed = entries.find((e) => e.op === 'changed')!;
    expect(changed.path).toBe('opening.0');
    expect(changed.parts?.filter((p) => p.op !== '=')).toEqual([
      { op: '-', text: '深入' },
      { op: '+', text: '认真' },
    ]);
    expect(entries.filter((e) => e.op === 'removed').map((e) => e.before)).toEqual([a.plans.items[0].text]);
    expect(entries.filter((e) => e.op === 'added').map((e) => e.after)).toEqual(['新增一条。']);
    expect(summarizeDiff(entries)).toMatchObject({ changed: 1, added: 1, removed: 1 });
    expect(summarizeDiff(diffBodies(a, a))).toMatchObject({ changed: 0, added: 0, removed: 0 });
  });

  it('joins the parts of a text diff back into both texts', () => {
    const before = '全年共收集485家企业问题509个';
    const after = '全年共收集并答复485家企业问题510个';
    const parts = diffText(before, after);
    expect(parts.filter((x) => x.op !== '+').map((x) => x.text).join('')).toBe(before);
    expect(parts.filter((x) => x.op !== '-').map((x) => x.text).join('')).toBe(after);
  });
});

describe('report workflow', () => {
  it('lets the law office review, a leader approve, either publish, and a leader return or withdraw', () => {
    expect(actionsFor('draft', 'law_office')).toEqual(['review']);
    expect(actionsFor('draft', 'leader')).toEqual([]);
    expect(actionsFor('reviewed', 'leader')).toEqual(['approve', 'return']);
    expect(actionsFor('reviewed', 'law_office')).toEqual(['return']);
    expect(actionsFor('approved', 'law_office')).toEqual(['publish']);
    expect(actionsFor('approved', 'leader')).toEqual(['return', 'publish']);
    expect(actionsFor('published', 'leader')).toEqual(['withdraw']);
    expect(findTransition('draft', 'approve')).toBeUndefined();
    expect(findTransition('draft', 'publish')).toBeUndefined();
    for (const t of TRANSITIONS) expect(t.roles.every((r) => r === 'law_office' || r === 'leader')).toBe(true);
  });

  it('edits only drafts; a reviewed report goes back to draft; approved and published ones are locked', () => {
    expect(statusAfterEdit('draft')).toBe('draft');
    expect(statusAfterEdit('reviewed')).toBe('draft');
    expect(statusAfterEdit('approved')).toBeNull();
    expect(statusAfterEdit('published')).toBeNull();
  });
});

describe('personal data scan', () => {
  it('finds ID-card numbers and phone numbers, masked', () => {
    const hits = findPersonalData('联系人13812345678，身份证120113198503121234，电话022-26391234。');
    expect(hits.map((h) => h.kind)).toEqual(['id_card', 'mobile', 'landline']);
    for (const h of hits) expect(h.masked).toMatch(/\*{4,}/);
  });

  it('leaves the report’s own figures alone', () => {
    expect(findPersonalData('融资30348万元，上报处置1101起事件，涉及农民工工资111.18万元，2020年5月，12· 4宪法宣传')).toEqual([]);
  });
});
