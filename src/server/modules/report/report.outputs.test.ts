// DOCX read back (page size, margins, grid, fonts, page numbers), printable HTML and Markdown.
import { describe, expect, it } from 'vitest';
import { readZip } from '../../../../test/support/report.zip.ts';
import { figureSetFrom, yearPeriod } from '../assessment/index.ts';
import { defaultBody } from './report.defaults.ts';
import { GBT9704, toDocx } from './report.docx.ts';
import { toHtml, toMarkdown } from './report.output.ts';
import { renderReport } from './report.render.ts';

const rendered = renderReport(
  defaultBody([]),
  figureSetFrom({ 'grids.base_count': { value: 7 }, 'enterprise.served': { value: 485 }, 'mediation.visitors': { value: 512 } }, yearPeriod(2020)),
  { year: 2020, jurisdictionName: '天津北辰经济技术开发区', jurisdictionShortName: '北辰开发区' },
);

const attr = (xml: string, tag: string, name: string): string | null => {
  const m = new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
};
const style = (styles: string, id: string): string => {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}".*?</w:style>`, 's').exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};

describe('DOCX in GB/T 9704 layout', async () => {
  const zip = readZip(await toDocx(rendered));
  const doc = zip.get('word/document.xml')!.toString('utf8');
  const styles = zip.get('word/styles.xml')!.toString('utf8');

  it('is A4 with margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm', () => {
    expect(attr(doc, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(doc, 'w:pgSz', 'w:h')).toBe('16838');
    expect(attr(doc, 'w:pgMar', 'w:top')).toBe('2098');
    expect(attr(doc, 'w:pgMar', 'w:bottom')).toBe('1984');
    expect(attr(doc, 'w:pgMar', 'w:left')).toBe('1587');
    expect(attr(doc, 'w:pgMar', 'w:right')).toBe('1474');
  });

  it('has a grid of 22 lines × 28 characters', () => {
    expect(attr(doc, 'w:docGrid', 'w:type')).toBe('linesAndChars');
    const linePitch = Number(attr(doc, 'w:docGrid', 'w:linePitch'));
    const charSpace = Number(attr(doc, 'w:docGrid', 'w:charSpace'));
    expect(linePitch).toBe(579);
    expect(Math.floor((16838 - 2098 - 1984) / linePitch)).toBe(22);
    const charPitchPt = 16 + charSpace / 4096;
    expect(Math.round((11906 - 1587 - 1474) / 20 / charPitchPt)).toBe(28);
  });

  it('sets the title in 2号 方正小标宋简体, the body in 3号 仿宋_GB2312 with exact 28.95 pt lines, 一、 in 黑体 and （一） in 楷体_GB2312', () => {
    const title = style(styles, 'ZhiliTitle');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    const body = style(styles, 'ZhiliBody');
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toMatch(/w:line="579" w:lineRule="exact"/);
    expect(body).toContain('w:firstLine="640"');
    expect(style(styles, 'ZhiliHeading1')).toContain('w:eastAsia="黑体"');
    expect(style(styles, 'ZhiliHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    expect(styles).toMatch(/<w:docDefaults>.*w:eastAsia="仿宋_GB2312".*<w:sz w:val="32"\/>.*<\/w:docDefaults>/s);
  });

  it('uses the styles for the title, 一、 and （一） headings and paragraphs', () => {
    const para = (text: string) => new RegExp(`<w:p><w:pPr><w:pStyle w:val="(\\w+)"/></w:pPr><w:r><w:t xml:space="preserve">${text}`).exec(doc)?.[1];
    expect(para('天津北辰经济技术开发区2020年法治政府建设情况报告')).toBe('ZhiliTitle');
    expect(para('一、工作情况')).toBe('ZhiliHeading1');
    expect(para('（一）组织领导与主体责任')).toBe('ZhiliHeading2');
    expect(para('注重发挥法治')).toBe('ZhiliBody');
    expect(doc).toContain('科学划分为7个基础网格');
  });

  it('numbers pages "— 1 —" in 4号 宋体, right on odd and left on even pages', () => {
    expect(zip.get('word/settings.xml')!.toString('utf8')).toContain('<w:evenAndOddHeaders/>');
    const footers = [...zip.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => zip.get(k)!.toString('utf8'));
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('>— </w:t>');
      expect(f).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(f).toContain('> —</w:t>');
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(footers.map((f) => /<w:jc w:val="(\w+)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
    expect(doc).toMatch(/<w:footerReference w:type="default"/);
    expect(doc).toMatch(/<w:footerReference w:type="even"/);
  });

  it('keeps the layout constants consistent with millimetres', () => {
    const mm = (t: number) => (t / 1440) * 25.4;
    expect(mm(GBT9704.marginTop)).toBeCloseTo(37, 0);
    expect(mm(GBT9704.marginLeft)).toBeCloseTo(28, 0);
  });
});

describe('printable HTML and Markdown', () => {
  it('prints on A4 with the GB/T 9704 margins and fonts, figures tagged with their keys', () => {
    const html = toHtml(rendered, { link: (k) => `/drill/${k}` });
    expect(html).toContain('size: A4; margin: 37mm 26mm 35mm 28mm');
    expect(html).toContain('"— " counter(page) " —"');
    expect(html).toContain('方正小标宋简体');
    expect(html).toContain('仿宋_GB2312');
    expect(html).toContain('<h2>一、工作情况</h2>');
    expect(html).toContain('<h3>（一）组织领导与主体责任</h3>');
    expect(html).toContain('<a class="fig" data-figure="grids.base_count" href="/drill/grids.base_count">7</a>');
    expect(html).toMatch(/<span class="fig missing" data-figure="events.reported">〔缺：上报事件数〕<\/span>/);
    expect(toHtml(rendered)).not.toContain('<a ');
  });

  it('escapes what HTML and Markdown would read as markup', () => {
    const doc = { ...rendered, blocks: [{ kind: 'paragraph' as const, path: 'x', runs: [{ text: '<script>alert(1)</script> *强调* #1' }] }] };
    expect(toHtml(doc)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(toMarkdown(doc)).toBe('\\<script\\>alert(1)\\</script\\> \\*强调\\* \\#1\n');
  });

  it('writes Markdown headings for the title and both heading levels', () => {
    const md = toMarkdown(rendered);
    expect(md.startsWith('# 天津北辰经济技术开发区2020年法治政府建设情况报告\n\n')).toBe(true);
    expect(md).toContain('\n## 一、工作情况\n');
    expect(md).toContain('\n### （一）组织领导与主体责任\n');
  });
});
