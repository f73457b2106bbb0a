// 统计: the centre's figures for a year — every rate shown with its numerator and denominator — and charts by
// month, type and department.
import { Card, Col, Row, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { Async } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { BarCard, byMonth, FigureCards, MONTH_LABELS, PieCard, yearRange, YearSelect } from '../education/records.shared.tsx';
import { mediationApi } from './mediation.api.ts';
import { rateText } from './mediation.shared.tsx';

export function Dashboard({ initialYear }: { initialYear: number }) {
  const [year, setYear] = useState(initialYear);
  const state = useApi((signal) => mediationApi.figures(yearRange(year), signal), [year]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="mediation-dashboard">
      <YearSelect value={year} onChange={setYear} />
      <Async state={state}>
        {(f) => (
          <>
            <FigureCards
              items={[
                { label: '接待来访', value: f.visitors.personTimes, suffix: '人次', hint: `${f.visitors.visits} 批次，集体访 ${f.visitors.collectiveVisits} 批` },
                { label: '受理纠纷', value: f.disputes.received, suffix: '件', hint: `在办 ${f.disputes.open}` },
                { label: '化解纠纷', value: f.disputes.resolved, suffix: '件', hint: `成功率 ${rateText(f.disputes.successRate)}` },
                { label: '追回农民工工资', value: f.wages.recoveredWan.toFixed(2), suffix: '万元', hint: `申请 ${f.wages.claimedWan.toFixed(2)} 万元，帮助 ${f.wages.workersHelped} 人` },
                { label: '信访事项', value: f.petitions.received, suffix: '件', hint: `按期办结 ${rateText(f.petitions.handleOnTimeRate)}` },
                {
                  label: '访诉比',
                  value: f.litigation.petitionsPerLawsuit.value === null ? '—' : f.litigation.petitionsPerLawsuit.value.toFixed(2),
                  hint: `信访 ${f.litigation.petitionsPerLawsuit.numerator} / 诉讼 ${f.litigation.petitionsPerLawsuit.denominator}${f.litigation.petitionsOutnumberLawsuits ? '（以访代诉）' : ''}`,
                },
                { label: '平均办理', value: f.disputes.averageDays.value ?? '—', suffix: '天', hint: `${f.disputes.averageDays.count} 件` },
                { label: '按期告知', value: f.petitions.acceptOnTimeRate.percent ?? '—', suffix: '%', hint: `${f.petitions.acceptOnTimeRate.numerator}/${f.petitions.acceptOnTimeRate.denominator}` },
                { label: '满意率', value: f.petitions.satisfactionRate.percent ?? '—', suffix: '%', hint: `${f.petitions.satisfactionRate.numerator}/${f.petitions.satisfactionRate.denominator}` },
                { label: '风险线索', value: f.clues.recorded, suffix: '条', hint: `共享 ${f.clues.shared}，转化 ${f.clues.converted}` },
                { label: '预警', value: f.warnings.raised, suffix: '次', hint: `已处置 ${f.warnings.closed}，待处置 ${f.warnings.open}` },
              ]}
            />
            <Row gutter={12}>
              <Col xs={24} lg={12}>
                <BarCard
                  title="来访人次与纠纷（按月）"
                  labels={MONTH_LABELS}
                  series={[
                    { name: '来访人次', data: byMonth(year, f.visitors.byMonth, (m) => m.personTimes) },
                    { name: '受理纠纷', data: byMonth(year, f.disputes.byMonth, (m) => m.received) },
                    { name: '化解纠纷', data: byMonth(year, f.disputes.byMonth, (m) => m.resolved) },
                  ]}
                />
              </Col>
              <Col xs={24} lg={12}>
                <BarCard title="追回农民工工资（万元，按月）" labels={MONTH_LABELS} series={[{ name: '万元', data: byMonth(year, f.wages.byMonth, (m) => m.recoveredWan) }]} />
              </Col>
              <Col xs={24} lg={8}>
                <PieCard title="纠纷类型" data={f.disputes.byType.filter((x) => x.received > 0).map((x) => ({ name: x.label, value: x.received }))} />
              </Col>
              <Col xs={24} lg={8}>
                <PieCard title="来访分流去向" data={f.visitors.byTrack.map((x) => ({ name: x.label, value: x.visits }))} />
              </Col>
              <Col xs={24} lg={8}>
                <BarCard
                  title="信访与诉讼、仲裁"
                  labels={['信访', '诉讼', '仲裁']}
                  series={[{ name: '件', data: [f.petitions.received, f.litigation.lawsuits, f.litigation.arbitrations] }]}
                />
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} lg={12}>
                <Card size="small" title="分类型">
                  <Table
                    rowKey="type"
                    size="small"
                    pagination={false}
                    dataSource={f.disputes.byType}
                    columns={[
                      { title: '类型', dataIndex: 'label' },
                      { title: '受理', dataIndex: 'received' },
                      { title: '化解', dataIndex: 'resolved' },
                      { title: '不成', dataIndex: 'failed' },
                      { title: '成功率（分子/分母）', key: 'r', render: (_: unknown, r) => rateText(r.successRate) },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title="联动部门">
                  <Table
                    rowKey="orgUnitId"
                    size="small"
                    pagination={false}
                    dataSource={f.disputes.byDepartment}
                    columns={[
                      { title: '部门', dataIndex: 'orgUnitName' },
                      { title: '联动件数', dataIndex: 'linked' },
                      { title: '牵头', dataIndex: 'lead' },
                      { title: '化解', dataIndex: 'resolved' },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
            <Card size="small" title="指标口径">
              {Object.entries(f.definitions).map(([k, v]) => (
                <Tooltip key={k} title={k}>
                  <div style={{ fontSize: 12, color: '#475467' }}>{v}</div>
                </Tooltip>
              ))}
            </Card>
          </>
        )}
      </Async>
    </Space>
  );
}
