// 年度报告: the year's 法治政府建设情况报告 drafted from the records. Every figure in the text links to the rows
// behind it; the law office edits the narrative (each save a new version, with a diff between any two), the
// office reviews, a leader approves, and the approved report is published to the portal. DOCX (GB/T 9704),
// printable HTML and Markdown are downloaded from the server.
import { Alert, Button, Card, Divider, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async, EmptyState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useWorkYear } from '../../shared/work-year.ts';
import { drillHref, figureText, type Figure } from '../assessment/assessment.api.ts';
import { ACTION_LABELS, reportApi, STATUS_META, type Block, type Report, type ReportAction, type ReportBody, type ReportListItem } from './report.api.ts';

const FINDING_OPTIONS = [
  { value: '', label: '（不关联）' },
  { value: 'petitions_over_litigation', label: '以访代诉' },
  { value: 'recurring_wage_arrears', label: '重复欠薪' },
  { value: 'overdue_events_by_department', label: '事件超期或返工' },
  { value: 'late_demand_answers', label: '企业诉求答复不及时' },
  { value: 'study_below_requirement', label: '学法未达要求' },
];

// ── list ──

function ReportList() {
  const me = useMe();
  const navigate = useNavigate();
  const state = useApi((signal) => reportApi.list(signal), []);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ year: number; basis: 'default' | 'previous_year' }>();
  const workYear = useWorkYear();
  const create = async () => {
    const v = await form.validateFields();
    try {
      const r = await reportApi.create(v.year, v.basis);
      notifySuccess('已生成初稿');
      navigate(`/report/${r.id}`);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <>
      <PageHeader
        title="年度法治政府建设情况报告"
        sub="按《法治政府建设与责任落实督察工作规定》：年度举措和成效、存在的不足、党政主要负责人履行第一责任人职责情况、下一年度工作思路"
        extra={me.role === 'law_office' ? <Button type="primary" onClick={() => setCreating(true)} data-testid="report-new">起草报告</Button> : null}
      />
      <Async state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState description="尚无报告" />
          ) : (
            <Table<ReportListItem>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={page.items}
              columns={[
                { title: '年度', dataIndex: 'year', width: 80 },
                { title: '标题', dataIndex: 'title', render: (v: string, r) => <Link to={`/report/${r.id}`}>{v}</Link> },
                { title: '状态', dataIndex: 'status', width: 90, render: (v: Report['status']) => <Tag color={STATUS_META[v].color}>{STATUS_META[v].label}</Tag> },
                { title: '版本', dataIndex: 'currentVersion', width: 70 },
                { title: '公开时间', dataIndex: 'publishedAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
                { title: '更新时间', dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v) },
              ]}
            />
          )
        }
      </Async>
      <Modal open={creating} title="起草年度报告" onCancel={() => setCreating(false)} onOk={() => void create()} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ year: workYear, basis: 'default' }}>
          <Form.Item name="year" label="年度" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} data-testid="report-year" />
          </Form.Item>
          <Form.Item name="basis" label="初稿来源">
            <Select options={[{ value: 'default', label: '默认模板 + 本年数据发现的问题' }, { value: 'previous_year', label: '沿用上年报告文本' }]} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ── rendered text ──

function RunView({ run, figures }: { run: Block['runs'][number]; figures: Map<string, Figure> }) {
  if (!run.figure) return <>{run.text}</>;
  const f = figures.get(run.figure);
  if (run.missing || !f) {
    return (
      <Tooltip title={`${run.figure}：${run.missing ?? '无数据'}`}>
        <span style={{ color: '#cf1322', background: '#fff1f0' }}>{run.text}</span>
      </Tooltip>
    );
  }
  const tip = (
    <div>
      <div>{f.name}：{figureText(f)}</div>
      {f.kind === 'rate' && f.numerator !== null ? <div>分子 {f.numerator} ÷ 分母 {f.denominator}</div> : null}
      <div style={{ opacity: 0.7 }}>{f.key}</div>
      {f.drill ? <div>点击查看：{f.drill.label}</div> : null}
    </div>
  );
  const span = (
    <span data-figure={f.key} style={{ borderBottom: '1px dashed #1677ff', cursor: f.drill ? 'pointer' : 'help' }}>
      {run.text}
    </span>
  );
  return <Tooltip title={tip}>{f.drill ? <Link to={drillHref(f.drill)} style={{ color: 'inherit' }}>{span}</Link> : span}</Tooltip>;
}

function RenderedView({ id, version }: { id: number; version: number }) {
  const state = useApi((signal) => reportApi.rendered(id, undefined, signal), [id, version]);
  return (
    <Async state={state}>
      {(r) => {
        const figures = new Map(r.figures.map((f) => [f.key, f]));
        return (
          <Space direction="vertical" style={{ width: '100%' }}>
            {r.missing.length ? <Alert type="warning" showIcon message={`有${r.missing.length}个数据无法计算：${r.missing.map((m) => `${m.name}（${m.reason}）`).join('；')}`} /> : null}
            {r.templateErrors.length ? <Alert type="error" showIcon message={r.templateErrors.map((e) => `${e.path}：${e.message}`).join('；')} /> : null}
            <Card data-testid="report-text" style={{ fontFamily: '"仿宋_GB2312", "FangSong", serif', fontSize: 16, lineHeight: 1.9, maxWidth: 860 }}>
              {r.blocks.map((b) => {
                const inner = b.runs.map((run, i) => <RunView key={i} run={run} figures={figures} />);
                if (b.kind === 'title') return <h2 key={b.path} style={{ textAlign: 'center', fontFamily: '"方正小标宋简体", "SimSun", serif', fontWeight: 'normal', fontSize: 24 }}>{inner}</h2>;
                if (b.kind === 'heading1') return <div key={b.path} style={{ fontFamily: '"黑体", "SimHei", sans-serif', textIndent: '2em' }}>{inner}</div>;
                if (b.kind === 'heading2') return <div key={b.path} style={{ fontFamily: '"楷体_GB2312", "KaiTi", serif', textIndent: '2em' }}>{inner}</div>;
                return (
                  <p key={b.path} style={{ textIndent: '2em', margin: 0 }} data-path={b.path}>
                    {inner}
                    {b.finding ? <Tag color="orange" style={{ marginLeft: 8, textIndent: 0 }}>数据发现</Tag> : null}
                  </p>
                );
              })}
            </Card>
          </Space>
        );
      }}
    </Async>
  );
}

// ── editor ──

function TextList({ value, onChange, label, testId, rows = 4 }: { value: string[]; onChange: (v: string[]) => void; label: string; testId: string; rows?: number }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {value.map((t, i) => (
        <Space key={i} align="start" style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Input.TextArea value={t} rows={rows} onChange={(e) => onChange(value.map((x, j) => (j === i ? e.target.value : x)))} data-testid={`${testId}-${i}`} />
          <Button size="small" danger onClick={() => onChange(value.filter((_, j) => j !== i))}>删除</Button>
        </Space>
      ))}
      <Button size="small" onClick={() => onChange([...value, ''])}>添加{label}</Button>
    </Space>
  );
}

function ItemList({ value, onChange, testId }: { value: ReportBody['plans']['items']; onChange: (v: ReportBody['plans']['items']) => void; testId: string }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {value.map((it, i) => (
        <Space key={i} align="start" style={{ width: '100%' }} styles={{ item: { flex: 1 } }}>
          <Typography.Text>{i + 1}、</Typography.Text>
          <Input.TextArea value={it.text} rows={3} onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} data-testid={`${testId}-${i}`} />
          <Select
            style={{ width: 150 }}
            value={it.finding ?? ''}
            options={FINDING_OPTIONS}
            onChange={(f) => onChange(value.map((x, j) => (j === i ? { ...x, finding: (f || null) as typeof x.finding } : x)))}
          />
          <Button size="small" danger onClick={() => onChange(value.filter((_, j) => j !== i))}>删除</Button>
        </Space>
      ))}
      <Button size="small" onClick={() => onChange([...value, { text: '', finding: null }])}>添加一条</Button>
    </Space>
  );
}

function Editor({ report, onSaved }: { report: Report; onSaved: (r: Report) => void }) {
  const [body, setBody] = useState<ReportBody>(report.body);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<{ label: string; message: string }[]>([]);
  const set = (patch: Partial<ReportBody>) => setBody((b) => ({ ...b, ...patch }));
  const save = async () => {
    setSaving(true);
    setProblems([]);
    try {
      const r = await reportApi.save(report.id, report.version, body, note);
      notifySuccess(`已保存为第${r.currentVersion}版`);
      setNote('');
      onSaved(r);
    } catch (e) {
      const details = (e as { details?: { problems?: { label: string; message: string }[] } }).details;
      if (details?.problems) setProblems(details.problems);
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  const suggest = async () => {
    try {
      const s = await reportApi.suggestions(report.id);
      if (!s.findings.length) {
        notifySuccess('本年数据未发现突出问题');
        return;
      }
      setBody((b) => ({
        ...b,
        shortcomings: { ...b.shortcomings, items: [...b.shortcomings.items, ...s.shortcomings.filter((x) => !b.shortcomings.items.some((y) => y.text === x.text)).map((x) => ({ text: x.text, finding: (x.finding ?? null) as ReportBody['plans']['items'][number]['finding'] }))] },
        plans: { ...b.plans, items: [...b.plans.items, ...s.plans.filter((x) => !b.plans.items.some((y) => y.text === x.text)).map((x) => ({ text: x.text, finding: (x.finding ?? null) as ReportBody['plans']['items'][number]['finding'] }))] },
      }));
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="info"
        showIcon
        message="数字用占位符，由数据计算：{{enterprise.served}}；约数：{{mediation.visitors|approx}} → 500余；条件：{{#if safety.reoffended == 0}}未发生重新犯罪行为{{else}}…{{/if}}。变量：{{year}} {{next_year}} {{jurisdiction.name}}。统计项键见“自我测评 → 统计项目录”。"
      />
      {problems.length ? <Alert type="error" showIcon message={problems.map((p) => `${p.label}：${p.message}`).join('；')} /> : null}
      <Card size="small" title="标题与开头">
        <Input value={body.title} onChange={(e) => set({ title: e.target.value })} style={{ marginBottom: 8 }} />
        <TextList value={body.opening} onChange={(opening) => set({ opening })} label="段落" testId="edit-opening" />
      </Card>
      <Card size="small" title={<Input value={body.work.heading} onChange={(e) => set({ work: { ...body.work, heading: e.target.value } })} addonBefore="一、" style={{ maxWidth: 360 }} />}>
        {body.work.sections.map((s, si) => (
          <div key={s.key} style={{ marginBottom: 16 }}>
            <Space style={{ marginBottom: 8 }}>
              <Input
                addonBefore={`（${'一二三四五六七八九十'[si] ?? si + 1}）`}
                value={s.heading}
                onChange={(e) => set({ work: { ...body.work, sections: body.work.sections.map((x, j) => (j === si ? { ...x, heading: e.target.value } : x)) } })}
                style={{ width: 420 }}
              />
              {s.leadersDuty ? <Tag color="red">含第一责任人履职情况</Tag> : null}
            </Space>
            <TextList
              value={s.paragraphs}
              onChange={(paragraphs) => set({ work: { ...body.work, sections: body.work.sections.map((x, j) => (j === si ? { ...x, paragraphs } : x)) } })}
              label="段落"
              testId={`edit-section-${si}`}
              rows={6}
            />
          </div>
        ))}
      </Card>
      <Card size="small" title="二、存在不足" extra={<Button size="small" onClick={() => void suggest()} data-testid="insert-findings">插入数据发现的问题和建议</Button>}>
        <TextList value={body.shortcomings.intro} onChange={(intro) => set({ shortcomings: { ...body.shortcomings, intro } })} label="引言" testId="edit-short-intro" rows={2} />
        <Divider style={{ margin: '8px 0' }} />
        <ItemList value={body.shortcomings.items} onChange={(items) => set({ shortcomings: { ...body.shortcomings, items } })} testId="edit-short-item" />
      </Card>
      <Card size="small" title={<Input value={body.plans.heading} onChange={(e) => set({ plans: { ...body.plans, heading: e.target.value } })} addonBefore="三、" style={{ maxWidth: 360 }} />}>
        <TextList value={body.plans.intro} onChange={(intro) => set({ plans: { ...body.plans, intro } })} label="引言" testId="edit-plan-intro" rows={3} />
        <Divider style={{ margin: '8px 0' }} />
        <ItemList value={body.plans.items} onChange={(items) => set({ plans: { ...body.plans, items } })} testId="edit-plan-item" />
      </Card>
      <Space>
        <Input placeholder="修改说明（谁改了什么）" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 360 }} data-testid="edit-note" />
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="report-save">保存为新版本</Button>
        <Button onClick={() => setBody(report.body)}>放弃修改</Button>
      </Space>
    </Space>
  );
}

// ── versions ──

function Versions({ report }: { report: Report }) {
  const state = useApi((signal) => reportApi.versions(report.id, signal), [report.id, report.currentVersion]);
  const [pair, setPair] = useState<[number, number] | null>(report.currentVersion > 1 ? [report.currentVersion - 1, report.currentVersion] : null);
  const diff = useApi((signal) => (pair ? reportApi.diff(report.id, pair[0], pair[1], signal) : Promise.resolve(null)), [report.id, pair?.[0], pair?.[1]]);
  return (
    <Async state={state}>
      {(rows) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table
            rowKey="number"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: '版本', dataIndex: 'number', width: 70, render: (v: number, r) => <Space>{v}{r.current ? <Tag>当前</Tag> : null}{r.published ? <Tag color="purple">已公开</Tag> : null}</Space> },
              { title: '修改人', dataIndex: 'authorName', width: 120 },
              { title: '时间', dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
              { title: '说明', dataIndex: 'note' },
              { title: '改动', dataIndex: 'changes', render: (c: (typeof rows)[number]['changes']) => (c ? `改${c.changed}处、增${c.added}处、删${c.removed}处：${c.labels.join('、')}` : '初稿') },
              { title: '', key: 'cmp', width: 110, render: (_, r) => (r.number > 1 ? <Button size="small" onClick={() => setPair([r.number - 1, r.number])}>与上一版比较</Button> : null) },
            ]}
          />
          {pair ? (
            <Card size="small" title={`第${pair[0]}版 → 第${pair[1]}版`}>
              <Async state={diff}>
                {(d) =>
                  !d || d.entries.every((e) => e.op === 'same') ? (
                    <Empty description="没有差异" />
                  ) : (
                    <Space direction="vertical" style={{ width: '100%' }} data-testid="diff">
                      {d.entries.filter((e) => e.op !== 'same').map((e, i) => (
                        <div key={i}>
                          <Typography.Text strong>{e.label}</Typography.Text>{' '}
                          <Tag color={e.op === 'added' ? 'green' : e.op === 'removed' ? 'red' : 'blue'}>{e.op === 'added' ? '新增' : e.op === 'removed' ? '删除' : '修改'}</Tag>
                          <div style={{ whiteSpace: 'pre-wrap' }}>
                            {e.parts
                              ? e.parts.map((p, j) => (
                                  <span key={j} style={p.op === '+' ? { background: '#d9f7be' } : p.op === '-' ? { background: '#ffccc7', textDecoration: 'line-through' } : undefined}>
                                    {p.text}
                                  </span>
                                ))
                              : e.after ?? e.before}
                          </div>
                        </div>
                      ))}
                    </Space>
                  )
                }
              </Async>
            </Card>
          ) : null}
        </Space>
      )}
    </Async>
  );
}

// ── detail ──

function ReportDetail() {
  const { id: raw } = useParams();
  const id = Number(raw);
  const me = useMe();
  const state = useApi((signal) => reportApi.get(id, signal), [id]);
  const [current, setCurrent] = useState<Report | null>(null);
  const [tab, setTab] = useState('text');
  const report = current && current.id === id ? current : state.data;
  const act = async (r: Report, action: ReportAction) => {
    try {
      const next = await reportApi.transition(r.id, action, r.version);
      notifySuccess(`${ACTION_LABELS[action]}：${STATUS_META[next.status].label}`);
      setCurrent(next);
    } catch (e) {
      notifyError(e);
      state.reload();
      setCurrent(null);
    }
  };
  const title = useMemo(() => (report ? `${report.year}年法治政府建设情况报告` : '年度报告'), [report]);
  return (
    <Async state={state}>
      {() => {
        const r = report!;
        const canEdit = me.role === 'law_office' && r.editable;
        return (
          <>
            <PageHeader
              title={<Space>{title}<Tag color={STATUS_META[r.status].color} data-testid="report-status">{STATUS_META[r.status].label}</Tag><Tag>第{r.currentVersion}版</Tag></Space>}
              sub={[r.reviewedBy ? `审核：${r.reviewedBy}` : null, r.approvedBy ? `批准：${r.approvedBy}` : null, r.publishedAt ? `公开：${formatDateTime(r.publishedAt)}` : null].filter(Boolean).join('　')}
              extra={
                <>
                  {r.actions.map((a) =>
                    a === 'publish' || a === 'approve' ? (
                      <Popconfirm key={a} title={a === 'publish' ? '公开后将在门户网站向社会发布，确定？' : '确认批准本报告？'} onConfirm={() => void act(r, a)}>
                        <Button type="primary" data-testid={`action-${a}`}>{ACTION_LABELS[a]}</Button>
                      </Popconfirm>
                    ) : (
                      <Button key={a} onClick={() => void act(r, a)} data-testid={`action-${a}`}>{ACTION_LABELS[a]}</Button>
                    ),
                  )}
                  <a href={reportApi.exportHref(r.id, 'docx')} download><Button>DOCX</Button></a>
                  <a href={reportApi.exportHref(r.id, 'html')} target="_blank" rel="noreferrer"><Button>打印版</Button></a>
                  <a href={reportApi.exportHref(r.id, 'md')} download><Button>Markdown</Button></a>
                  <Link to="/report"><Button>返回列表</Button></Link>
                </>
              }
            />
            {r.missingContents.length ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`缺少规定内容：${r.missingContents.join('；')}`} /> : null}
            <Tabs
              activeKey={tab}
              onChange={setTab}
              destroyOnHidden
              items={[
                { key: 'text', label: '报告正文', children: <RenderedView id={r.id} version={r.currentVersion} /> },
                ...(canEdit ? [{ key: 'edit', label: '编辑', children: <Editor report={r} onSaved={(n) => { setCurrent(n); setTab('text'); }} /> }] : []),
                { key: 'versions', label: '版本与差异', children: <Versions report={r} /> },
                {
                  key: 'events',
                  label: '流转记录',
                  children: (
                    <Timeline
                      items={r.events.map((e) => ({
                        children: `${formatDateTime(e.at)}　${e.actorName}　${e.action in ACTION_LABELS ? ACTION_LABELS[e.action as ReportAction] : e.action === 'create' ? '起草' : '编辑'}（第${e.versionNumber}版）${e.note ? `：${e.note}` : ''}`,
                      }))}
                    />
                  ),
                },
              ]}
            />
          </>
        );
      }}
    </Async>
  );
}

export default function ReportPage() {
  return (
    <Routes>
      <Route index element={<ReportList />} />
      <Route path=":id" element={<ReportDetail />} />
    </Routes>
  );
}
