// Reading and writing the registry's spreadsheets: XLSX through exceljs' streaming reader and writer (a
// 50,000-row file never sits in memory as a workbook), and CSV with quotes, a BOM, and GB18030 files as saved
// by Excel on Chinese Windows.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type SheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** The row number a person sees in the spreadsheet (the header is row 1). */
  rowNo: number;
  cells: string[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export function formatOf(fileName: string, buf: Buffer): SheetFormat | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'xlsx';
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.(csv|txt)$/i.test(fileName)) return 'csv';
  return null;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; hyperlink?: string; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('').trim();
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error !== undefined) return '';
  }
  return String(v).trim();
}

/** The first worksheet's rows, the first non-empty row being the header. */
export async function readXlsx(buf: Buffer): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  for await (const ws of reader) {
    for await (const row of ws) {
      const values = (row.values as unknown[]) ?? [];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c === '')) continue;
      if (!headers) headers = cells;
      else rows.push({ rowNo: row.number, cells });
    }
    break;
  }
  return { headers: headers ?? [], rows };
}

function decodeText(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // Excel on Chinese Windows saves "CSV" in the system code page.
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** RFC 4180 CSV (commas, double quotes, CRLF or LF), also accepting tab-separated text. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const sep = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

export function readCsv(buf: Buffer): Sheet {
  const lines = parseCsv(decodeText(buf));
  let headers: string[] | null = null;
  const rows: SheetRow[] = [];
  lines.forEach((cells, i) => {
    const trimmed = cells.map((c) => c.trim());
    if (trimmed.every((c) => c === '')) return;
    if (!headers) headers = trimmed;
    else rows.push({ rowNo: i + 1, cells: trimmed });
  });
  return { headers: headers ?? [], rows };
}

export function readSheet(buf: Buffer, format: SheetFormat): Promise<Sheet> {
  return format === 'xlsx' ? readXlsx(buf) : Promise.resolve(readCsv(buf));
}

// ------------------------------------------------------------------------------------------------ writing

const csvCell = (v: string) => {
  // A leading =, +, - or @ would run as a formula when the file is opened in a spreadsheet.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export async function writeSheet(format: SheetFormat, sheetName: string, headers: string[], rows: AsyncIterable<string[]> | Iterable<string[]>): Promise<Buffer> {
  if (format === 'csv') {
    const parts: string[] = ['\uFEFF', headers.map(csvCell).join(','), '\r\n'];
    for await (const r of rows) parts.push(r.map(csvCell).join(','), '\r\n');
    return Buffer.from(parts.join(''), 'utf8');
  }
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers).commit();
  for await (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
