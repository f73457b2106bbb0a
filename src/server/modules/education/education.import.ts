// Bulk import of study records from an XLSX sheet (the office's usual ledger): one row per study session with
// 用户名 or 姓名, 课程, 学时, 日期, 形式. Parsing is pure; the service matches people and writes the rows.
import ExcelJS from 'exceljs';
import { STUDY_FORMS, STUDY_FORM_LABELS, type StudyForm } from './education.table.ts';

export interface ParsedRow {
  row: number;
  username: string;
  name: string;
  course: string;
  hours: number | null;
  studiedOn: string | null;
  form: StudyForm | null;
  formText: string;
}

export interface RowProblem {
  row: number;
  message: string;
}

const HEADERS: Record<keyof Omit<ParsedRow, 'row' | 'formText'>, string[]> = {
  username: ['用户名', '账号', '帐号', 'username'],
  name: ['姓名', 'name'],
  course: ['课程', '课程名称', '学习内容', 'course'],
  hours: ['学时', '学时数', 'hours'],
  studiedOn: ['日期', '学习日期', 'date'],
  form: ['形式', '学习形式', 'form'],
};

const FORM_ALIASES: Record<string, StudyForm> = {
  中心组: 'central_group',
  中心组学习: 'central_group',
  中心组学法: 'central_group',
  讲座: 'lecture',
  法治讲座: 'lecture',
  培训: 'training',
  法治培训: 'training',
  定期法治培训: 'training',
  网上学法: 'online',
  线上: 'online',
  在线: 'online',
  网络学习: 'online',
  自学: 'self_study',
  其他: 'other',
};

export function parseForm(text: string): StudyForm | null {
  const t = text.trim();
  if (!t) return 'other';
  if ((STUDY_FORMS as readonly string[]).includes(t)) return t as StudyForm;
  for (const [code, label] of Object.entries(STUDY_FORM_LABELS)) if (label === t) return code as StudyForm;
  return FORM_ALIASES[t] ?? null;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v).trim();
}

/** A date cell as 'YYYY-MM-DD': a real date, text like 2020-3-5 / 2020/03/05 / 2020.3.5 / 2020年3月5日, or an Excel serial. */
export function parseDateCell(v: ExcelJS.CellValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    if (v < 1 || v > 2958465) return null;
    const d = new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400000);
    return d.toISOString().slice(0, 10);
  }
  const t = cellText(v);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function parseHours(v: ExcelJS.CellValue): number | null {
  const n = typeof v === 'number' ? v : Number(cellText(v));
  if (!Number.isFinite(n) || n <= 0 || n > 200) return null;
  return Math.round(n * 10) / 10;
}

export const MAX_IMPORT_ROWS = 5000;

/** Reads the first sheet; the first row names the columns. */
export async function parseStudyWorkbook(buffer: Buffer): Promise<{ rows: ParsedRow[]; problems: RowProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { rows: [], problems: [{ row: 0, message: '无法读取文件：请上传 .xlsx 格式的 Excel 文件' }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], problems: [{ row: 0, message: '文件中没有工作表' }] };
  const col: Partial<Record<keyof typeof HEADERS, number>> = {};
  ws.getRow(1).eachCell((cell, n) => {
    const h = cellText(cell.value).replace(/\s+/g, '').toLowerCase();
    for (const [key, names] of Object.entries(HEADERS)) if (names.includes(h)) col[key as keyof typeof HEADERS] ??= n;
  });
  const missing = (['course', 'hours', 'studiedOn'] as const).filter((k) => col[k] === undefined);
  if (col.username === undefined && col.name === undefined) missing.unshift('username' as never);
  if (missing.length > 0) {
    const names = missing.map((k) => HEADERS[k][0]).join('、');
    return { rows: [], problems: [{ row: 1, message: `缺少列：${names}（第一行应为列名：用户名或姓名、课程、学时、日期、形式）` }] };
  }
  const rows: ParsedRow[] = [];
  const problems: RowProblem[] = [];
  const get = (r: ExcelJS.Row, k: keyof typeof HEADERS) => (col[k] === undefined ? null : r.getCell(col[k]!).value);
  for (let n = 2; n <= ws.rowCount; n++) {
    const r = ws.getRow(n);
    const values = (Object.keys(HEADERS) as (keyof typeof HEADERS)[]).map((k) => cellText(get(r, k)));
    if (values.every((v) => v === '')) continue;
    if (rows.length >= MAX_IMPORT_ROWS) {
      problems.push({ row: n, message: `一次最多导入 ${MAX_IMPORT_ROWS} 行` });
      break;
    }
    const formText = cellText(get(r, 'form'));
    const parsed: ParsedRow = {
      row: n,
      username: cellText(get(r, 'username')),
      name: cellText(get(r, 'name')),
      course: cellText(get(r, 'course')),
      hours: parseHours(get(r, 'hours')),
      studiedOn: parseDateCell(get(r, 'studiedOn')),
      form: parseForm(formText),
      formText,
    };
    if (!parsed.username && !parsed.name) problems.push({ row: n, message: '缺少用户名或姓名' });
    if (!parsed.course) problems.push({ row: n, message: '缺少课程' });
    if (parsed.course.length > 200) problems.push({ row: n, message: '课程名称过长（最多 200 字）' });
    if (parsed.hours === null) problems.push({ row: n, message: '学时应为大于 0、不超过 200 的数字' });
    if (parsed.studiedOn === null) problems.push({ row: n, message: '日期格式不正确（如 2020-03-05）' });
    if (parsed.form === null) problems.push({ row: n, message: `无法识别的学习形式“${formText}”` });
    rows.push(parsed);
  }
  return { rows, problems };
}

/** An empty sheet with the expected columns and one example row. */
export async function studyTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学法记录');
  ws.addRow(['用户名', '姓名', '课程', '学时', '日期', '形式']);
  ws.addRow(['zhangsan', '张三', '《民法典》专题学习', 4, new Date(Date.UTC(2020, 5, 18)), '中心组学习']);
  ws.getColumn(3).width = 30;
  ws.getColumn(5).width = 12;
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
