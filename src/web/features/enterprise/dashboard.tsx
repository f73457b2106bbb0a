// 企业服务统计: the year's figures (every rate with its numerator and denominator), charts by month, category
// and unit, the breakdown tables, per-campaign figures and the office's collection target.
import { Button, Card, Col, InputNumber, Row, Select, Space, Table, Tabs, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { Async } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { BarCard, FigureCards, MONTH_LABELS, PieCard, yearRange, YearSelect } from '../education/records.shared.tsx';
import { useWorkYear } from '../../shared/work-year.ts';
import { enterpriseApi, rateHint, rateText, type Breakdown, type Rate } from './enterprise.api.ts';

const RateCell = ({ r }: { r: Rate }) => (
  <Tooltip title={rateHint(r)}>
    <span>
      {rateText(r)} <span style={{ color: '#98a2b3', fontSize: 12 }}>({rateHint(r)})</span>
    </span>
  </Tooltip>
);

const breakdownColumns = (title: string): TableColumnsType<Breakdown> => [
  { title, dataIndex: 'label' },
  { title: '收集', dataIndex: 'collected', width: 70 },
  { title: '答复率', key: 'a', render: (_: unknown, b) => <RateCell r={b.answerRate} /> },
  { title: '按期答复率', key: 'o', render: (_: unknown, b) => <RateCell r={b.onTimeAnswerRate} /> },
  { title: '解决率', key: 'r', render: (_: unknown, b) => <RateCell r={b.resolutionRate} /> },
  { title: '平均答复（小时）', key: 'h', width: 130, render: (_: unknown, b) => b.avgAnswerHours.value ?? '—' },
  { title: '满意度', key: 's', width: 80, render: (_: unknown, b) => b.satisfaction.value ?? '—' },
];

function TargetEditor({ year }: { year: number }) {
  const state = useApi((signal) => enterpriseApi.targets(signal), [year]);
  const [value, setValue] = useState<number | null>(null);
  return (
    <Async state={state}>
      {(targets) => {
        const t = targets.find((x) => x.year === year);
        const save = async () => {
          if (!value) return;
          try {
            await enterpriseApi.setTarget(year, { collectionTarget: value, version: t?.version });
            notifySuccess('收集目标已保存');
            state.reload();
          } catch (e) {
            notifyError(e);
          }
        };
        return (
          <Space>
            <span>{year} 年问题收集目标</span>
            <InputNumber min={1} value={value ?? t?.collectionTarget ?? null} onChange={(v) => setValue(v)} data-testid="target-input" />
            <Button size="small" onClick={() => void save()}>保存</Button>
          </Space>
        );
      }}
    </Async>
  );
}

export function Dashboard() {
  const me = useMe();
  const workYear = useWorkYear();
  const [year, setYear] = useState(workYear);
  const campaigns = useApi((signal) => enterpriseApi.campaigns(signal), []);
  const [campaignId, setCampaignId] = useState<number>();
  const state = useApi((signal) => enterpriseApi.figures({ ...yearRange(year), campaignId }, signal), [year, campaignId]);
  const canSetTarget = me.role === 'law_office' || me.role === 'enterprise_officer';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="enterprise-dashboard">
      <Space wrap>
        <YearSelect value={year} onChange={setYear} />
        <Select allowClear placeholder="全部工作（可选专项活动）" style={{ width: 220 }} value={campaignId} onChange={setCampaignId} options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.year}）` }))} />
        {canSetTarget && campaignId === undefined ? <TargetEditor year={year} /> : null}
      </Space>
      <Async state={state}>
        {(f) => {
          const d = f.demands;
          return (
            <>
              <FigureCards
                items={[
                  { label: '服务企业', value: d.enterprisesCovered, suffix: '家', testId: 'fig-covered' },
                  { label: '收集问题', value: d.problems, suffix: '个', hint: `另项目问题 ${d.projectProblems} 个`, testId: 'fig-problems' },
                  {
                    label: '问题收集率',
                    value: d.collectionRate.value === null ? '—' : `${Math.round(d.collectionRate.value * 100)}%`,
                    hint: d.target ? `${d.collectionRate.numerator} ÷ 目标 ${d.target.value}${d.target.prorated ? '（按天折算）' : ''} = ${rateText(d.collectionRate)}` : '未设目标',
                    testId: 'fig-collection',
                  },
                  { label: '答复率', value: rateText(d.answerRate), hint: rateHint(d.answerRate), testId: 'fig-answer' },
                  { label: '按期答复率', value: rateText(d.onTimeAnswerRate), hint: rateHint(d.onTimeAnswerRate) },
                  { label: '解决率', value: rateText(d.resolutionRate), hint: rateHint(d.resolutionRate) },
                  { label: '平均答复用时', value: d.avgAnswerHours.value ?? '—', suffix: '小时', hint: `${d.avgAnswerHours.count} 件` },
                  { label: '满意度', value: d.satisfaction.value ?? '—', suffix: '/5', hint: `满意率 ${rateText(d.satisfiedRate)}（${rateHint(d.satisfiedRate)}）` },
                  { label: '帮助发布招聘', value: f.jobs.enterprisesHelped, suffix: '家', hint: `岗位 ${f.jobs.positions} 个`, testId: 'fig-jobs' },
                  { label: '银企对接', value: f.financing.enterprisesMatched, suffix: '家', hint: `对接活动 ${f.financing.events} 场` },
                  { label: '融资成功', value: f.financing.enterprisesFinanced, suffix: '家', hint: `${f.financing.grantedWan.toLocaleString('zh-CN')} 万元`, testId: 'fig-financed' },
                  { label: '走访', value: f.visits.visits, suffix: '次', hint: `实地 ${f.visits.onSite} · 线上 ${f.visits.online}` },
                ]}
              />
              <Row gutter={12}>
                <Col xs={24} lg={14}>
                  <BarCard
                    title="诉求收集与答复（按月）"
                    labels={MONTH_LABELS}
                    series={[
                      { name: '收集', data: MONTH_LABELS.map((_, i) => d.byMonth.find((m) => m.key === `${year}-${String(i + 1).padStart(2, '0')}`)?.collected ?? 0) },
                      { name: '答复', data: MONTH_LABELS.map((_, i) => d.byMonth.find((m) => m.key === `${year}-${String(i + 1).padStart(2, '0')}`)?.answered ?? 0) },
                    ]}
                  />
                </Col>
                <Col xs={24} lg={10}>
                  <PieCard title="诉求类别" data={d.byCategory.map((c) => ({ name: c.label, value: c.collected }))} />
                </Col>
              </Row>
              <Card size="small">
                <Tabs
                  items={[
                    { key: 'cat', label: '按类别', children: <Table rowKey="key" size="small" pagination={false} dataSource={d.byCategory} columns={breakdownColumns('类别')} /> },
                    { key: 'unit', label: '按承办单位', children: <Table rowKey="key" size="small" pagination={false} dataSource={d.byUnit} columns={breakdownColumns('单位')} /> },
                    { key: 'officer', label: '按包联干部', children: <Table rowKey="key" size="small" pagination={false} dataSource={d.byOfficer} columns={breakdownColumns('干部')} /> },
                    { key: 'month', label: '按月', children: <Table rowKey="key" size="small" pagination={false} dataSource={d.byMonth} columns={breakdownColumns('月份')} /> },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </Async>
    </Space>
  );
}
