// Printable HTML (A4, GB/T 9704 margins and fonts, page numbers "— 1 —" where the browser supports page
// margin boxes) and Markdown of a rendered report. Figures keep their keys (data-figure); with links, each
// figure opens the list behind it. Pure.
import type { RenderedBlock } from './report.render.ts';

export interface ReportDoc {
  year: number;
  jurisdiction: { name: string; shortName: string };
  title: string;
  blocks: RenderedBlock[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; @bottom-center { content: "— " counter(page) " —"; font-family: "宋体", "SimSun", serif; font-size: 14pt; } }
html { background: #f2f2f2; }
body { font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", serif; font-size: 16pt; line-height: 28.95pt; color: #000; }
main { background: #fff; width: 156mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; box-sizing: content-box; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "SimSun", serif; font-size: 22pt; line-height: 1.5; font-weight: normal; text-align: center; margin: 0 0 28.95pt; }
h2 { font-family: "黑体", "SimHei", "Heiti SC", sans-serif; font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; }
h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", serif; font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; }
p { text-indent: 2em; margin: 0; text-align: justify; }
.fig { text-decoration: underline dotted #888; text-underline-offset: 3px; }
a.fig { color: inherit; }
.missing { color: #c00; }
@media print { html { background: none; } main { width: auto; margin: 0; padding: 0; } .fig { text-decoration: none; } }
`;

export interface HtmlOptions {
  /** Figure key → link to the rows behind it (internal use only; the portal gets no links). */
  link?: (figure: string) => string | null;
}

function runsHtml(b: RenderedBlock, opts: HtmlOptions): string {
  return b.runs
    .map((r) => {
      if (!r.figure) return esc(r.text);
      const cls = r.missing ? 'fig missing' : 'fig';
      const href = !r.missing && opts.link ? opts.link(r.figure) : null;
      const attrs = `class="${cls}" data-figure="${esc(r.figure)}"`;
      return href ? `<a ${attrs} href="${esc(href)}">${esc(r.text)}</a>` : `<span ${attrs}>${esc(r.text)}</span>`;
    })
    .join('');
}

export function toHtml(doc: ReportDoc, opts: HtmlOptions = {}): string {
  const body = doc.blocks
    .map((b) => {
      const inner = runsHtml(b, opts);
      switch (b.kind) {
        case 'title':
          return `<h1>${inner}</h1>`;
        case 'heading1':
          return `<h2>${inner}</h2>`;
        case 'heading2':
          return `<h3>${inner}</h3>`;
        case 'paragraph':
          return `<p>${inner}</p>`;
        default: {
          const never: never = b.kind;
          throw new Error(`unhandled block ${String(never)}`);
        }
      }
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const mdEscape = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export function toMarkdown(doc: ReportDoc): string {
  const out: string[] = [];
  for (const b of doc.blocks) {
    const text = mdEscape(b.runs.map((r) => r.text).join(''));
    switch (b.kind) {
      case 'title':
        out.push(`# ${text}`);
        break;
      case 'heading1':
        out.push(`## ${text}`);
        break;
      case 'heading2':
        out.push(`### ${text}`);
        break;
      case 'paragraph':
        out.push(text);
        break;
      default: {
        const never: never = b.kind;
        throw new Error(`unhandled block ${String(never)}`);
      }
    }
  }
  return `${out.join('\n\n')}\n`;
}
