// The report as a DOCX in the layout of GB/T 9704-2012 (党政机关公文格式): A4; margins top 37 mm, bottom 35 mm,
// left (binding) 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体; body 3号 (16 pt) 仿宋_GB2312 on a grid
// of 22 lines × 28 characters (line pitch 28.95 pt exact); 一、 headings 黑体, （一） headings 楷体_GB2312;
// page numbers "— 1 —" in 4号 宋体, right on odd pages and left on even pages, one character in.
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import type { ReportDoc } from './report.output.ts';

const mm = (v: number) => Math.round((v / 25.4) * 1440);

/** The layout in the units of WordprocessingML (twips, half-points). */
export const GBT9704 = {
  pageWidth: 11906,
  pageHeight: 16838,
  marginTop: mm(37),
  marginBottom: mm(35),
  marginLeft: mm(28),
  marginRight: mm(26),
  /** 28.95 pt: 22 lines in the 225 mm text height. */
  linePitch: 579,
  /** Character pitch 156 mm ÷ 28 = 15.79 pt, i.e. 16 pt − 0.207 pt, × 4096. */
  charSpace: -849,
  titleSize: 44,
  bodySize: 32,
  pageNumberSize: 28,
  fonts: { title: '方正小标宋简体', body: '仿宋_GB2312', heading1: '黑体', heading2: '楷体_GB2312', pageNumber: '宋体' },
  /** Two characters of 16 pt. */
  indent: 640,
} as const;

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const exact = { line: GBT9704.linePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const STYLE = { title: 'ZhiliTitle', heading1: 'ZhiliHeading1', heading2: 'ZhiliHeading2', paragraph: 'ZhiliBody' } as const;

function pageNumberFooter(alignment: 'left' | 'right'): Footer {
  const run: IRunOptions = { font: font(GBT9704.fonts.pageNumber), size: GBT9704.pageNumberSize, children: ['— ', PageNumber.CURRENT, ' —'] };
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === 'right' ? { right: 280 } : { left: 280 },
        children: [new TextRun(run)],
      }),
    ],
  });
}

export async function toDocx(doc: ReportDoc): Promise<Buffer> {
  const children: Paragraph[] = [];
  for (const b of doc.blocks) {
    const text = b.runs.map((r) => r.text).join('');
    children.push(new Paragraph({ style: STYLE[b.kind], children: [new TextRun(text)] }));
    // One empty line between the title and the body.
    if (b.kind === 'title') children.push(new Paragraph({ style: STYLE.paragraph, children: [] }));
  }
  const document = new Document({
    title: doc.title,
    creator: doc.jurisdiction.name,
    description: `${doc.jurisdiction.name}${doc.year}年法治政府建设情况报告`,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(GBT9704.fonts.body), size: GBT9704.bodySize },
          paragraph: { spacing: exact },
        },
      },
      paragraphStyles: [
        {
          id: STYLE.paragraph,
          name: '公文正文',
          basedOn: 'Normal',
          quickFormat: true,
          run: { font: font(GBT9704.fonts.body), size: GBT9704.bodySize },
          paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: GBT9704.indent }, spacing: exact },
        },
        {
          id: STYLE.title,
          name: '公文标题',
          basedOn: 'Normal',
          next: STYLE.paragraph,
          quickFormat: true,
          run: { font: font(GBT9704.fonts.title), size: GBT9704.titleSize },
          // The title's line is taller than the grid: 2号 needs more than one 28.95 pt line.
          paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        },
        {
          id: STYLE.heading1,
          name: '公文一级标题',
          basedOn: 'Normal',
          next: STYLE.paragraph,
          quickFormat: true,
          run: { font: font(GBT9704.fonts.heading1), size: GBT9704.bodySize },
          paragraph: { indent: { firstLine: GBT9704.indent }, spacing: exact, keepNext: true, outlineLevel: 0 },
        },
        {
          id: STYLE.heading2,
          name: '公文二级标题',
          basedOn: 'Normal',
          next: STYLE.paragraph,
          quickFormat: true,
          run: { font: font(GBT9704.fonts.heading2), size: GBT9704.bodySize },
          paragraph: { indent: { firstLine: GBT9704.indent }, spacing: exact, keepNext: true, outlineLevel: 1 },
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: GBT9704.pageWidth, height: GBT9704.pageHeight },
            margin: {
              top: GBT9704.marginTop,
              bottom: GBT9704.marginBottom,
              left: GBT9704.marginLeft,
              right: GBT9704.marginRight,
              header: mm(15),
              footer: mm(23),
              gutter: 0,
            },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: GBT9704.linePitch, charSpace: GBT9704.charSpace },
        },
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
