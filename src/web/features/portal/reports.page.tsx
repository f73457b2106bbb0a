// 法治政府建设情况报告 on the public portal (no login): the reports a leader approved and the office published,
// as they were frozen at publication — the list, the text to read on screen, the printable HTML, and the Word
// (GB/T 9704) and Markdown downloads. Only /api/public/reports is used, which carries no staff names or links.
import { DownloadOutlined, FileTextOutlined, LeftOutlined, LoginOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Tooltip, Typography } from 'antd';
import { Link, Route, Routes, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { formatDate } from '../../shared/format.ts';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';

const m = defineMessages({
  brand: { zh: '法治政府建设情况报告', en: 'Rule-of-law government reports' },
  intro: {
    zh: '依照《法治政府建设与责任落实督察工作规定》向社会公开的年度报告。可在线阅读、打印，或下载 Word、Markdown 文本。',
    en: 'The annual reports published under the rules on rule-of-law government. Read them here, print them, or download Word or Markdown.',
  },
  staff: { zh: '工作人员登录', en: 'Staff sign-in' },
  portal: { zh: '群众诉求', en: 'Report a problem' },
  back: { zh: '全部报告', en: 'All reports' },
  published: { zh: '公开日期', en: 'Published' },
  read: { zh: '阅读全文', en: 'Read' },
  print: { zh: '打印版', en: 'Printable' },
  docx: { zh: '下载 Word', en: 'Word' },
  md: { zh: '下载 Markdown', en: 'Markdown' },
  none: { zh: '暂无已公开的报告', en: 'No report has been published yet' },
  figure: { zh: '数据', en: 'Figure' },
});

interface PublishedItem {
  id: number;
  year: number;
  jurisdictionName: string;
  title: string;
  publishedAt: string;
}

interface PublishedReport {
  year: number;
  jurisdiction: { name: string; shortName: string };
  title: string;
  blocks: { kind: 'title' | 'heading1' | 'heading2' | 'paragraph'; path: string; runs: { text: string; figure?: string }[] }[];
  figures: { key: string; name: string; unit: string; value: number | string | null; numerator: number | null; denominator: number | null }[];
  version: number;
  publishedAt: string;
}

export const publicReportsApi = {
  list: (q: { page: number; pageSize: number }, signal?: AbortSignal) => api.get<Page<PublishedItem>>('/api/public/reports', q, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<PublishedReport>(`/api/public/reports/${id}`, undefined, { signal }),
  exportHref: (id: number, format: 'docx' | 'html' | 'md') => `/api/public/reports/${id}/export?format=${format}`,
};

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f8' }} data-testid="public-reports">
      <div style={{ background: 'linear-gradient(135deg, #123a78 0%, #1f5fbf 70%)', color: '#fff' }}>
        <div style={{ maxWidth: 1080, margin: '0 auto', padding: '12px 16px', display: 'flex', alignItems: 'center', gap: 12 }}>
          <span className="zl-brand-mark" style={{ background: '#fff', color: '#1f5fbf' }}>
            治
          </span>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontSize: 18, fontWeight: 600 }}>{t(m.brand)}</div>
            <div style={{ fontSize: 12, opacity: 0.85 }} className="zl-hide-sm">
              {t(common.appFullName)}
            </div>
          </div>
          <LanguageSwitch light />
          <Link to="/portal" style={{ color: '#fff' }}>
            <span className="zl-hide-sm">{t(m.portal)}</span>
          </Link>
          <Link to="/login" style={{ color: '#fff' }}>
            <LoginOutlined /> <span className="zl-hide-sm">{t(m.staff)}</span>
          </Link>
        </div>
      </div>
      <div style={{ maxWidth: 1080, margin: '0 auto', padding: '16px 12px 32px' }}>{children}</div>
    </div>
  );
}

function Downloads({ id }: { id: number }) {
  const { t } = useI18n();
  return (
    <Space wrap>
      <Button icon={<PrinterOutlined />} href={publicReportsApi.exportHref(id, 'html')} target="_blank" rel="noopener" data-testid="public-report-print">
        {t(m.print)}
      </Button>
      <Button icon={<DownloadOutlined />} href={publicReportsApi.exportHref(id, 'docx')} data-testid="public-report-docx">
        {t(m.docx)}
      </Button>
      <Button icon={<FileTextOutlined />} href={publicReportsApi.exportHref(id, 'md')} data-testid="public-report-md">
        {t(m.md)}
      </Button>
    </Space>
  );
}

function ReportList() {
  const { t } = useI18n();
  const { paging, setPaging } = usePaging(10);
  const state = useApi((signal) => publicReportsApi.list(paging, signal), [paging]);
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t(m.intro)}</Typography.Paragraph>
      <Async state={state}>
        {(page) =>
          page.total === 0 ? (
            <EmptyState description={t(m.none)} />
          ) : (
            <List
              data-testid="public-report-list"
              dataSource={page.items}
              pagination={{ current: paging.page, pageSize: paging.pageSize, total: page.total, hideOnSinglePage: true, align: 'center', onChange: (p, size) => setPaging({ page: p, pageSize: size }) }}
              renderItem={(r) => (
                <List.Item actions={[<Link key="read" to={`/portal/reports/${r.id}`}>{t(m.read)}</Link>]}>
                  <List.Item.Meta
                    title={<Link to={`/portal/reports/${r.id}`}>{r.title}</Link>}
                    description={`${r.jurisdictionName} · ${r.year} · ${t(m.published)} ${formatDate(r.publishedAt)}`}
                  />
                </List.Item>
              )}
            />
          )
        }
      </Async>
    </Card>
  );
}

function ReportText() {
  const { t } = useI18n();
  const id = Number(useParams().id);
  const state = useApi((signal) => publicReportsApi.get(id, signal), [id]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Link to="/portal/reports">
          <LeftOutlined /> {t(m.back)}
        </Link>
        {Number.isInteger(id) && id > 0 ? <Downloads id={id} /> : null}
      </Space>
      <Async state={state}>
        {(r) => {
          const figures = new Map(r.figures.map((f) => [f.key, f]));
          return (
            <Card data-testid="public-report-text" style={{ fontFamily: '"仿宋_GB2312", "FangSong", serif', fontSize: 16, lineHeight: 1.9, maxWidth: 860, margin: '0 auto' }}>
              {r.blocks.map((b) => {
                const inner = b.runs.map((run, i) => {
                  const f = run.figure ? figures.get(run.figure) : undefined;
                  if (!f) return <span key={i}>{run.text}</span>;
                  const tip = `${t(m.figure)}：${f.name}${f.numerator !== null && f.denominator !== null ? `（${f.numerator} ÷ ${f.denominator}）` : ''}`;
                  return (
                    <Tooltip key={i} title={tip}>
                      <span style={{ borderBottom: '1px dotted #8c8c8c' }}>{run.text}</span>
                    </Tooltip>
                  );
                });
                if (b.kind === 'title') {
                  return (
                    <h2 key={b.path} style={{ textAlign: 'center', fontFamily: '"方正小标宋简体", "SimSun", serif', fontWeight: 'normal', fontSize: 24 }}>
                      {inner}
                    </h2>
                  );
                }
                if (b.kind === 'heading1') return <div key={b.path} style={{ fontFamily: '"黑体", "SimHei", sans-serif', textIndent: '2em' }}>{inner}</div>;
                if (b.kind === 'heading2') return <div key={b.path} style={{ fontFamily: '"楷体_GB2312", "KaiTi", serif', textIndent: '2em' }}>{inner}</div>;
                return (
                  <p key={b.path} style={{ textIndent: '2em', margin: 0 }}>
                    {inner}
                  </p>
                );
              })}
              <div style={{ textAlign: 'right', marginTop: 24, color: '#667085', fontSize: 14 }}>
                {t(m.published)} {formatDate(r.publishedAt)}
              </div>
            </Card>
          );
        }}
      </Async>
    </Space>
  );
}

export default function PublicReportsPage() {
  return (
    <Shell>
      <Routes>
        <Route index element={<ReportList />} />
        <Route path=":id" element={<ReportText />} />
        <Route path="*" element={<ReportList />} />
      </Routes>
    </Shell>
  );
}
