// 信访事项: the list with the clock of each open stage, and the petition page with its statutory steps (decide within
// 15 days, handle within 60 with one extension of up to 30, review and re-review, then final).
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Async } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { mediationApi, PETITION_ACTION_LABELS, PROCEDURES, type Petition, type PetitionDetail } from './mediation.api.ts';
import { CaseTimeline, PeopleTable, StatusTag, useOrgUnits } from './mediation.shared.tsx';

const STAGE_LABELS: Record<string, string> = { accept: '受理告知', handle: '办理', review: '复查', rereview: '复核' };
const OUTCOME_LABELS: Record<string, string> = {
  supported: '支持', partly_supported: '部分支持', not_supported: '不支持', upheld: '维持', changed: '变更', revoked: '撤销',
};

function Clock({ p }: { p: Petition }) {
  if (!p.currentStage || !p.currentDueAt) return <span>—</span>;
  return (
    <Space size={4}>
      <span>{STAGE_LABELS[p.currentStage]}期限 {formatDate(p.currentDueAt)}</span>
      {p.overdue ? <Tag color="red">超期</Tag> : null}
    </Space>
  );
}

export function PetitionList() {
  const { t } = useI18n();
  const { paging, pagination, toFirst } = usePaging();
  const [status, setStatus] = useState<string | undefined>();
  const state = useApi((signal) => mediationApi.petitions({ status, page: paging.page, pageSize: paging.pageSize }, signal), [status, paging]);
  const columns: TableColumnsType<Petition> = [
    { title: '编号', dataIndex: 'code', width: 120, render: (v: string, r) => <Link to={`/mediation/petitions/${r.id}`}>{v}</Link> },
    { title: '类型', dataIndex: 'typeLabel', width: 110 },
    { title: '事项', dataIndex: 'title', ellipsis: true, render: (v: string, r) => <>{r.collective ? <Tag color="red">集体</Tag> : null}{v}</> },
    { title: '状态', key: 's', width: 190, render: (_: unknown, r) => <StatusTag status={r.status} label={r.statusLabel} /> },
    { title: '期限', key: 'c', width: 200, render: (_: unknown, r) => <Clock p={r} /> },
    { title: '登记', dataIndex: 'registeredAt', width: 110, render: (v: string) => formatDate(v) },
  ];
  return (
    <Card size="small">
      <Select
        allowClear
        placeholder="状态"
        style={{ width: 200, marginBottom: 12 }}
        onChange={(v) => {
          setStatus(v);
          toFirst();
        }}
        options={[
          { value: 'registered', label: '待决定是否受理' }, { value: 'accepted', label: '办理中' }, { value: 'forwarded', label: '已转送' }, { value: 'not_accepted', label: '不予受理' },
          { value: 'decided', label: '已出具处理意见' }, { value: 'review_requested', label: '复查中' }, { value: 'reviewed', label: '已复查' },
          { value: 'rereview_requested', label: '复核中' }, { value: 'rereviewed', label: '已复核（终结）' },
        ]}
      />
      <Async state={state}>
        {(page) => <Table rowKey="id" size="small" columns={columns} dataSource={page.items} pagination={pagination(page.total, t)} loading={state.loading} />}
      </Async>
    </Card>
  );
}

export function PetitionPage() {
  const id = Number(useParams().id);
  const state = useApi((signal) => mediationApi.petition(id, signal), [id]);
  const units = useOrgUnits();
  const [action, setAction] = useState<string | null>(null);
  const [form] = Form.useForm();
  const key = useIdempotencyKey();
  const submit = async (p: PetitionDetail) => {
    const v = await form.validateFields();
    const body = { action, version: p.version, ...v, dispute: undefined };
    try {
      await mediationApi.petitionMove(id, body, key(body));
      notifySuccess(PETITION_ACTION_LABELS[action!]);
      setAction(null);
      state.reload();
    } catch (e) {
      notifyError(e);
    }
  };
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  return (
    <Async state={state}>
      {(p) => (
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <PageHeader
            title={<Space>{p.code}<StatusTag status={p.status} label={p.statusLabel} />{p.overdue ? <Tag color="red">超期</Tag> : null}</Space>}
            sub={p.title}
            extra={p.actions.map((a) => (
              <Button key={a} type={a === 'accept' || a === 'decide' ? 'primary' : 'default'} onClick={() => { form.resetFields(); setAction(a); }}>
                {PETITION_ACTION_LABELS[a]}
              </Button>
            ))}
          />
          {p.final ? <Alert type="info" showIcon title="复核意见为终结意见：信访人对同一事实和理由再次提出的，不再受理（信访工作条例第三十六条）。" /> : null}
          <Card size="small" title="信访事项">
            <Descriptions size="small" column={2}>
              <Descriptions.Item label="类型">{p.typeLabel}</Descriptions.Item>
              <Descriptions.Item label="人数">{p.peopleCount}{p.collective ? <Tag color="red" style={{ marginLeft: 6 }}>集体</Tag> : null}</Descriptions.Item>
              <Descriptions.Item label="登记">{formatDateTime(p.registeredAt)}</Descriptions.Item>
              <Descriptions.Item label="查询码">{p.trackCode}</Descriptions.Item>
              <Descriptions.Item label="事项" span={2}>{p.matter}</Descriptions.Item>
              <Descriptions.Item label="受理告知期限">
                {formatDate(p.acceptDueAt)}
                {p.acceptOnTime === false ? <Tag color="red" style={{ marginLeft: 6 }}>逾期告知</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label="决定">{p.acceptDecision ? `${{ forwarded: '转送', accepted: '受理', not_accepted: '不予受理' }[p.acceptDecision]}：${p.acceptReason ?? ''}` : '—'}</Descriptions.Item>
              {p.forwardedTo ? <Descriptions.Item label="转送至">{p.forwardedTo}{p.objectionDueAt ? `（异议期至 ${formatDate(p.objectionDueAt)}）` : ''}</Descriptions.Item> : null}
              {p.procedureLabel ? <Descriptions.Item label="办理程序">{p.procedureLabel}</Descriptions.Item> : null}
              {p.handlingOrgUnitName ? <Descriptions.Item label="承办部门">{p.handlingOrgUnitName}</Descriptions.Item> : null}
              {p.handleDueAt ? (
                <Descriptions.Item label="办理期限">
                  {formatDate(p.handleDueAt)}
                  {p.extended ? `（已延期${p.extensionDays}日：${p.extensionReason}）` : ''}
                </Descriptions.Item>
              ) : null}
              {p.decidedAt ? (
                <Descriptions.Item label="处理意见" span={2}>
                  {formatDate(p.decidedAt)} {OUTCOME_LABELS[p.decisionOutcome ?? ''] ?? ''} {p.decisionDocNo ? `〔${p.decisionDocNo}〕` : ''} {p.decisionText}
                  {p.handleOnTime === false ? <Tag color="red" style={{ marginLeft: 6 }}>超期办结</Tag> : null}
                </Descriptions.Item>
              ) : null}
              {p.reviewRequestUntil && p.status === 'decided' ? <Descriptions.Item label="可申请复查至">{formatDate(p.reviewRequestUntil)}</Descriptions.Item> : null}
              {p.reviewOutcome ? <Descriptions.Item label="复查意见">{OUTCOME_LABELS[p.reviewOutcome]}</Descriptions.Item> : null}
              {p.rereviewRequestUntil && p.status === 'reviewed' ? <Descriptions.Item label="可申请复核至">{formatDate(p.rereviewRequestUntil)}</Descriptions.Item> : null}
              {p.rereviewOutcome ? <Descriptions.Item label="复核意见">{OUTCOME_LABELS[p.rereviewOutcome]}</Descriptions.Item> : null}
              {p.rating ? <Descriptions.Item label="信访人评价">{{ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }[p.rating]} {p.ratingComment ?? ''}</Descriptions.Item> : null}
              {p.disputeId ? <Descriptions.Item label="转入调解"><Link to={`/mediation/disputes/${p.disputeId}`}>打开纠纷</Link></Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card size="small" title="信访人"><PeopleTable people={p.petitioners} /></Card>
          <Card size="small" title="办理时间线"><CaseTimeline rows={p.timeline} /></Card>
          <Modal open={action !== null} title={PETITION_ACTION_LABELS[action ?? '']} onCancel={() => setAction(null)} onOk={() => void submit(p)} destroyOnHidden>
            <Form form={form} layout="vertical" initialValues={{ procedure: 'petition_handling', extensionDays: 30 }}>
              {action === 'forward' ? (
                <>
                  <Form.Item name="forwardedOrgUnitId" label="转送本区部门"><Select allowClear showSearch optionFilterProp="label" options={unitOptions} /></Form.Item>
                  <Form.Item name="forwardedTo" label="或填写有权处理机关"><Input /></Form.Item>
                </>
              ) : null}
              {action === 'accept' ? (
                <>
                  <Form.Item name="procedure" label="办理程序" rules={[{ required: true }]}><Select options={PROCEDURES.map((x) => ({ value: x.value, label: x.label }))} /></Form.Item>
                  <Form.Item name="handlingOrgUnitId" label="承办部门"><Select allowClear showSearch optionFilterProp="label" options={unitOptions} /></Form.Item>
                </>
              ) : null}
              {action === 'extend' ? (
                <Form.Item name="extensionDays" label="延长天数（一次，不超过30日）" rules={[{ required: true }]}><InputNumber min={1} max={30} /></Form.Item>
              ) : null}
              {action === 'decide' ? (
                <>
                  <Form.Item name="outcome" label="处理结果" rules={[{ required: true, message: '请选择' }]}>
                    <Select options={['supported', 'partly_supported', 'not_supported'].map((v) => ({ value: v, label: OUTCOME_LABELS[v] }))} />
                  </Form.Item>
                  <Form.Item name="docNo" label="文书编号"><Input /></Form.Item>
                </>
              ) : null}
              {action === 'answer_review' || action === 'answer_rereview' ? (
                <Form.Item name="outcome" label="结论" rules={[{ required: true, message: '请选择' }]}>
                  <Select options={['upheld', 'changed', 'revoked'].map((v) => ({ value: v, label: OUTCOME_LABELS[v] }))} />
                </Form.Item>
              ) : null}
              <Form.Item
                name="reason"
                label={action === 'decide' ? '处理意见（书面）' : action === 'extend' ? '延期理由（告知信访人）' : action === 'not_accept' ? '不予受理理由（书面告知）' : '书面理由/意见'}
                rules={action === 'accept' || action === 'request_review' || action === 'request_rereview' ? [] : [{ required: true, whitespace: true, message: '请填写' }]}
              >
                <Input.TextArea rows={3} />
              </Form.Item>
              {action === 'accept' ? <Checkbox disabled checked>受理后60日内办结</Checkbox> : null}
            </Form>
          </Modal>
        </Space>
      )}
    </Async>
  );
}
