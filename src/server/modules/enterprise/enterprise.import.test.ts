import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEnterprise, makeCreditCode } from '../../../../test/support/enterprise.factories.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { loadConfig } from '../../config.ts';
import { openPGlite } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { runEnterpriseImport } from './enterprise.cli.ts';
import { checkImportRow, importSettled, mapHeaders } from './imports.service.ts';
import { parseCsv } from './spreadsheet.ts';

function multipart(fileName: string, content: Buffer, contentType: string) {
  const boundary = `----zhili${Date.now().toString(16)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: Client, fileName: string, content: Buffer, query: string) {
  const type = fileName.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const { payload, headers } = multipart(fileName, content, type);
  const res = await c.request({ method: 'POST', url: `/api/enterprise/imports${query}`, payload, headers });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as number;
  await importSettled(id);
  return (await c.get(`/api/enterprise/imports/${id}`)).json();
}

const HEADER = '企业名称,统一社会信用代码,所属行业,企业规模,地址,经度,纬度,法定代表人,联系人,联系电话,标签,包联干部';

describe('import rows (pure)', () => {
  it('maps Chinese and English headers and names the missing required ones', () => {
    expect(mapHeaders(['企业名称*', '统一社会信用代码（必填）', 'Tags']).index).toEqual({ name: 0, creditCode: 1, tags: 2 });
    expect(mapHeaders(['名称', '地址']).missing).toEqual(['统一社会信用代码']);
  });

  it('lists every problem of a row, each with its column, and never repeats a phone number', () => {
    const { index } = mapHeaders(HEADER.split(','));
    const cells = parseCsv(`,9112011300000000IA,,超大型,,117.1,,,,1381234,${'x,'.repeat(0)}a、b,无名氏\n`)[0];
    const r = checkImportRow(cells, index, new Map([['qifu', 1]]));
    expect(r.value).toBeNull();
    expect(r.problems.map((p) => p.column)).toEqual(['企业名称', '统一社会信用代码', '企业规模', '纬度', '联系电话', '包联干部']);
    expect(r.problems[1].reason).toContain('第17位字符“I”');
    expect(JSON.stringify(r.problems)).not.toContain('1381234');
  });

  it('reads quoted CSV cells with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,1","c ""q""",\r\n"x\ny",2,3,4\n')).toEqual([
      ['a', 'b,1', 'c "q"', ''],
      ['x\ny', '2', '3', '4'],
    ]);
  });
});

describe.each(DB_KINDS)('registry import on %s', (kind) => {
  let t: TestApp;
  let jid: number;
  let officer: Client;
  let existing: string;
  const count = async () => Number((await t.database.db.selectFrom('enterprises').select((eb) => eb.fn.countAll<number>().as('n')).where('jurisdictionId', '=', jid).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(kind);
    jid = (await buildJurisdiction(t.database.db)).id;
    const u = await buildUser(t.database.db, jid, 'enterprise_officer', { username: `qifu_${kind}_${Date.now()}`, displayName: '韩雪梅' });
    officer = await t.login(u.username);
    existing = makeCreditCode();
    await buildEnterprise(t.database.db, jid, { creditCode: existing, name: '已登记企业' });
  });
  afterAll(() => t.close());

  const good1 = makeCreditCode();
  const good2 = makeCreditCode();
  const good3 = makeCreditCode();
  const csv = () =>
    [
      HEADER,
      `甲企业,${good1},制造业,小型,北辰区,117.13,39.22,张一,李一,13812345678,重点企业、规上企业,韩雪梅`,
      `乙企业,91120113MA05K1I34P,制造业,小型,,,,,,,,`, // row 3: bad character
      `丙企业,${good2.slice(0, 17)}${good2[17] === 'A' ? 'B' : 'A'},,中型,,,,,,,,`, // row 4: wrong check character
      `丁企业,${good2},,微型,,,,,,022-26391234,,`, // row 5: good (landline)
      `戊企业,${good2},,微型,,,,,,,,`, // row 6: duplicate of row 5
      `己企业,${existing},,小型,,,,,,,,`, // row 7: already registered
      `庚企业,${good3},,特大型,,117.1,,,,12345,,不存在的人`, // row 8: size, latitude, phone, officer
      `,${makeCreditCode()},,,,,,,,,,`, // row 9: no name
      '"辛企业,有限公司","' + makeCreditCode() + '",,"小型",,,,,,,,', // row 10: good, quoted
    ].join('\r\n');

  it('checks a file with mixed bad rows in a dry run: lists every error, imports nothing', async () => {
    const before = await count();
    const r = await upload(officer, '企业名录.csv', Buffer.from(csv()), '?dryRun=true');
    expect(r).toMatchObject({ status: 'done', dryRun: true, totalRows: 9, processedRows: 9, validRows: 3, errorRows: 6, importedRows: 0 });
    const errs = (await officer.get(`/api/enterprise/imports/${r.id}/errors?pageSize=100`)).json();
    expect(errs.items.map((e: { rowNo: number; column: string }) => `${e.rowNo}:${e.column}`)).toEqual([
      '3:统一社会信用代码',
      '4:统一社会信用代码',
      '6:统一社会信用代码',
      '7:统一社会信用代码',
      '8:企业规模',
      '8:纬度',
      '8:联系电话',
      '8:包联干部',
      '9:企业名称',
    ]);
    expect(errs.items[0].reason).toContain('第15位字符“I”');
    expect(errs.items[1].reason).toContain('第18位校验码应为');
    expect(errs.items[2].reason).toContain('与第 5 行');
    expect(errs.items[3].reason).toContain('已登记企业');
    expect(await count()).toBe(before);
  });

  it('imports nothing from a file with bad rows unless the good rows are asked for', async () => {
    const before = await count();
    const rejected = await upload(officer, '企业名录.csv', Buffer.from(csv()), '');
    expect(rejected).toMatchObject({ status: 'rejected', importedRows: 0, errorRows: 6 });
    expect(await count()).toBe(before);

    const partial = await upload(officer, '企业名录.csv', Buffer.from(csv()), '?goodRowsOnly=true');
    expect(partial).toMatchObject({ status: 'done', importedRows: 3, errorRows: 6 });
    expect(await count()).toBe(before + 3);
    const found = (await officer.get(`/api/enterprise/enterprises?q=${good1}`)).json().items[0];
    expect(found).toMatchObject({ name: '甲企业', size: 'small', contactPhoneMasked: '138****5678', tags: ['重点企业', '规上企业'] });
    expect(found.officers.map((o: { displayName: string }) => o.displayName)).toEqual(['韩雪梅']);
    expect((await officer.get(`/api/enterprise/enterprises?q=${encodeURIComponent('辛企业,有限公司')}`)).json().total).toBe(1);
  });

  it('imports a clean XLSX file and exports the registry in the import’s columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名录');
    ws.addRow(HEADER.split(','));
    const codes = Array.from({ length: 120 }, () => makeCreditCode());
    codes.forEach((c, i) => ws.addRow([`批量企业${i}`, c, '服务业', i % 2 ? '小型' : '微型', '', '', '', '', '', '', '', '']));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(officer, '名录.xlsx', buf, '');
    expect(r).toMatchObject({ status: 'done', totalRows: 120, importedRows: 120, errorRows: 0 });

    const exp = await officer.get(`/api/enterprise/enterprises/export?format=csv&q=${encodeURIComponent('批量企业')}`);
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(exp.body.replace(/^\uFEFF/, ''));
    expect(rows[0].slice(0, 12)).toEqual(HEADER.split(','));
    expect(rows.length - 1).toBe(120);
    const xlsx = await officer.request({ method: 'GET', url: '/api/enterprise/enterprises/export?format=xlsx' });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('rejects a file without the required columns, saying which', async () => {
    const r = await upload(officer, 'x.csv', Buffer.from('名称,地址\n甲,乙\n'), '');
    expect(r.status).toBe('rejected');
    expect(r.message).toContain('统一社会信用代码');
  });
});

describe('zhili import enterprises', () => {
  it('prints progress and every bad row, and imports only a clean file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-import-'));
    try {
      const dataDir = path.join(dir, 'data');
      fs.mkdirSync(dataDir);
      const config = loadConfig({ ZHILI_DATA_DIR: dataDir, ZHILI_SECRET_KEY: 'ab'.repeat(32), LOG_LEVEL: 'silent' });
      {
        const { ensurePGliteDir } = await import('../../db/database.ts');
        const d = await openPGlite(await ensurePGliteDir(dataDir));
        await migrateToLatest(d.db);
        await buildJurisdiction(d.db, { code: 'demo' });
        await d.close();
      }
      const file = path.join(dir, 'list.csv');
      fs.writeFileSync(file, [HEADER, `甲,${makeCreditCode()},,,,,,,,,,`, `乙,91120113MA05K1I34P,,,,,,,,,,`].join('\n'));
      const logs: string[] = [];
      const errs: string[] = [];
      const out = { log: (s: string) => logs.push(s), err: (s: string) => errs.push(s) };
      expect(await runEnterpriseImport(['enterprises', file, '--dry-run'], config, out)).toBe(1);
      expect(logs.some((l) => l.includes('检查 2/2 (100%)'))).toBe(true);
      expect(errs).toEqual([expect.stringContaining('第 3 行 [统一社会信用代码] 第15位字符“I”')]);
      fs.writeFileSync(file, [HEADER, `甲,${makeCreditCode()},,,,,,,,,,`].join('\n'));
      expect(await runEnterpriseImport(['enterprises', file], config, out)).toBe(0);
      expect(logs.at(-1)).toContain('已导入 1 行');
      expect(await runEnterpriseImport(['people', file], config, out)).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
