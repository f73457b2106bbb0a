// 审计日志 (the audit administrator alone): every write and sign-in, newest first, with filters, and a
// button that re-computes the whole hash chain and says which rows were edited, removed or reordered.
import { CheckCircleOutlined, ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, DatePicker, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { common, defineMessages, useI18n, type Msg } from '../../app/i18n.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime, shanghaiDayStart } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { EmptyState, ErrorState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';

interface AuditRow {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  success: boolean;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

interface VerifyResult {
  ok: boolean;
  rows: number;
  lastSeq: number;
  problems: { seq: number; kind: 'edited' | 'missing' | 'reordered' | 'head_mismatch'; message: string }[];
}

const m = defineMessages({
  title: { zh: '审计日志', en: 'Audit log' },
  sub: { zh: '记录只能追加，不能修改或删除；哈希链可校验任何篡改。', en: 'Rows can only be appended; the hash chain reveals any tampering.' },
  verify: { zh: '校验哈希链', en: 'Verify the chain' },
  verifyOk: { zh: '哈希链完整：已校验 {rows} 条记录，最新序号 {seq}。', en: 'The chain is intact: {rows} rows checked, latest sequence {seq}.' },
  verifyBad: { zh: '发现 {n} 处问题：审计日志可能被篡改！', en: '{n} problems found: the audit log may have been tampered with!' },
  verifiedAt: { zh: '校验时间 {t}', en: 'Checked at {t}' },
  seq: { zh: '序号', en: 'Seq' },
  at: { zh: '时间', en: 'Time' },
  actor: { zh: '操作人', en: 'Actor' },
  action: { zh: '动作', en: 'Action' },
  entity: { zh: '对象', en: 'Entity' },
  result: { zh: '结果', en: 'Result' },
  ok: { zh: '成功', en: 'Success' },
  failed: { zh: '失败', en: 'Failure' },
  ip: { zh: 'IP', en: 'IP' },
  requestId: { zh: '请求编号', en: 'Request id' },
  details: { zh: '详情', en: 'Details' },
  actorPh: { zh: '操作人姓名或用户名', en: 'Actor name or user name' },
  actionPh: { zh: '动作，如 user. 或 auth.login', en: 'Action, e.g. user. or auth.login' },
  entityPh: { zh: '对象类型，如 user', en: 'Entity, e.g. user' },
  noRows: { zh: '没有符合条件的审计记录', en: 'No matching audit rows' },
  edited: { zh: '被修改', en: 'edited' },
  missing: { zh: '缺失', en: 'missing' },
  reordered: { zh: '顺序被调换', en: 'reordered' },
  head_mismatch: { zh: '链头不符', en: 'head mismatch' },
});

/** Readable names for action families; the raw action is always shown too. */
const FAMILIES: { prefix: string; label: Msg }[] = [
  { prefix: 'auth.', label: { zh: '登录与认证', en: 'Sign-in' } },
  { prefix: 'user.', label: { zh: '用户', en: 'Users' } },
  { prefix: 'org_unit.', label: { zh: '组织机构', en: 'Org units' } },
  { prefix: 'grids.', label: { zh: '网格', en: 'Grids' } },
  { prefix: 'audit.', label: { zh: '审计', en: 'Audit' } },
];

const ACTIONS: Record<string, Msg> = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.mfa': { zh: '双因素认证', en: 'Second factor' },
  'auth.password_change': { zh: '修改密码', en: 'Change password' },
  'auth.totp_begin': { zh: '开始绑定双因素', en: 'Begin 2FA enrolment' },
  'auth.totp_enable': { zh: '启用双因素', en: 'Enable 2FA' },
  'user.create': { zh: '新建用户', en: 'Create user' },
  'user.update': { zh: '修改用户', en: 'Update user' },
  'user.disable': { zh: '停用用户', en: 'Disable user' },
  'user.enable': { zh: '启用用户', en: 'Enable user' },
  'user.password_reset': { zh: '重置密码', en: 'Reset password' },
  'user.unlock': { zh: '解锁账户', en: 'Unlock account' },
  'user.totp_reset': { zh: '重置双因素', en: 'Reset 2FA' },
  'user.phone_reveal': { zh: '查看完整手机号', en: 'Reveal phone' },
  'user.session_revoke': { zh: '结束会话', en: 'Revoke session' },
  'user.sessions_revoke': { zh: '结束全部会话', en: 'Revoke all sessions' },
  'org_unit.create': { zh: '新建机构', en: 'Create unit' },
  'org_unit.update': { zh: '修改机构', en: 'Update unit' },
  'org_unit.activate': { zh: '启用机构', en: 'Activate unit' },
  'org_unit.deactivate': { zh: '停用机构', en: 'Deactivate unit' },
  'grids.create': { zh: '新建网格', en: 'Create grid' },
  'grids.update': { zh: '修改网格', en: 'Update grid' },
  'grids.activate': { zh: '启用网格', en: 'Activate grid' },
  'grids.deactivate': { zh: '停用网格', en: 'Deactivate grid' },
  'grids.assign_worker': { zh: '分配网格员', en: 'Assign worker' },
  'grids.unassign_worker': { zh: '取消分配网格员', en: 'Unassign worker' },
  'audit.verify': { zh: '校验审计日志', en: 'Verify audit log' },
};

interface Filters {
  actor: string;
  action: string;
  entity: string;
  success?: boolean;
  range: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Filters>({ actor: '', action: '', entity: '', range: null });
  const [filters, setFilters] = useState<Filters>(draft);
  const { paging, toFirst, pagination } = usePaging(50);
  const rows = useApi((signal) => {
    const [from, to] = filters.range ?? [null, null];
    return api.get<Page<AuditRow>>(
      '/api/audit',
      {
        page: paging.page,
        pageSize: paging.pageSize,
        actor: filters.actor.trim(),
        action: filters.action.trim(),
        entity: filters.entity.trim(),
        success: filters.success,
        // Whole days in Shanghai time: from the first day's midnight to the midnight after the last day.
        from: from ? shanghaiDayStart(from.format('YYYY-MM-DD')) : undefined,
        to: to ? shanghaiDayStart(to.add(1, 'day').format('YYYY-MM-DD')) : undefined,
      },
      { signal },
    );
  }, [filters, paging]);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<{ result: VerifyResult; at: Date } | null>(null);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerified({ result: await api.get<VerifyResult>('/api/audit/verify'), at: new Date() });
      rows.reload();
    } catch (e) {
      notifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  const search = (next: Filters = draft) => {
    setFilters(next);
    toFirst();
  };

  const actionLabel = (a: string) => {
    const exact = ACTIONS[a];
    if (exact) return t(exact);
    return FAMILIES.find((f) => a.startsWith(f.prefix)) ? t(FAMILIES.find((f) => a.startsWith(f.prefix))!.label) : '';
  };

  const columns: TableColumnsType<AuditRow> = [
    { title: t(m.seq), dataIndex: 'seq', width: 80 },
    { title: t(m.at), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, { seconds: true }) },
    { title: t(m.actor), dataIndex: 'actorName', width: 180, render: (v: string) => v || '—' },
    {
      title: t(m.action),
      dataIndex: 'action',
      width: 220,
      render: (v: string) => (
        <span>
          {actionLabel(v)} <span className="zl-mono" style={{ color: '#98a2b3', fontSize: 12 }}>{v}</span>
        </span>
      ),
    },
    { title: t(m.entity), key: 'entity', width: 140, render: (_: unknown, r) => <span className="zl-mono">{r.entityId ? `${r.entity}#${r.entityId}` : r.entity}</span> },
    { title: t(m.result), dataIndex: 'success', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t(m.ok)}</Tag> : <Tag color="red">{t(m.failed)}</Tag>) },
    { title: t(m.ip), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <div>
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={rows.reload}>
              {t(common.reload)}
            </Button>
            <Button type="primary" icon={<SafetyOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
              {t(m.verify)}
            </Button>
          </>
        }
      />
      {verified ? <VerifyAlert v={verified.result} at={verified.at} onClose={() => setVerified(null)} /> : null}
      <Card size="small">
        <div className="zl-filters">
          <Input
            placeholder={t(m.actorPh)}
            allowClear
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
            onPressEnter={() => search()}
            style={{ width: 180 }}
          />
          <AutoComplete
            placeholder={t(m.actionPh)}
            allowClear
            value={draft.action}
            onChange={(v: string) => setDraft({ ...draft, action: v ?? '' })}
            options={[...new Map(FAMILIES.map((f) => [f.prefix, { value: f.prefix, label: `${f.prefix}（${t(f.label)}）` }])).values()]}
            style={{ width: 220 }}
          />
          <Input
            placeholder={t(m.entityPh)}
            allowClear
            value={draft.entity}
            onChange={(e) => setDraft({ ...draft, entity: e.target.value })}
            onPressEnter={() => search()}
            style={{ width: 150 }}
          />
          <Select
            allowClear
            placeholder={t(m.result)}
            value={draft.success === undefined ? undefined : draft.success ? 'ok' : 'failed'}
            onChange={(v?: string) => setDraft({ ...draft, success: v === undefined ? undefined : v === 'ok' })}
            options={[
              { value: 'ok', label: t(m.ok) },
              { value: 'failed', label: t(m.failed) },
            ]}
            style={{ width: 100 }}
          />
          <DatePicker.RangePicker value={draft.range} onChange={(v) => setDraft({ ...draft, range: v as Filters['range'] })} style={{ width: 260 }} />
          <Button type="primary" onClick={() => search()}>
            {t(common.search)}
          </Button>
          <Button
            onClick={() => {
              const empty: Filters = { actor: '', action: '', entity: '', range: null };
              setDraft(empty);
              search(empty);
            }}
          >
            {t(common.reset)}
          </Button>
        </div>
        {rows.error && !rows.data ? (
          <ErrorState error={rows.error} onRetry={rows.reload} />
        ) : (
          <Table<AuditRow>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={rows.data?.items ?? []}
            loading={rows.loading}
            pagination={pagination(rows.data?.total, t)}
            scroll={{ x: 1000 }}
            expandable={{
              expandedRowRender: (r) => (
                <div>
                  <div style={{ color: '#667085', marginBottom: 4 }}>
                    {t(m.requestId)}: <span className="zl-mono">{r.requestId ?? '—'}</span>
                  </div>
                  <pre className="zl-mono" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>
                    {JSON.stringify(r.details, null, 2)}
                  </pre>
                </div>
              ),
            }}
            locale={{ emptyText: <EmptyState description={t(m.noRows)} /> }}
            data-testid="audit-table"
          />
        )}
      </Card>
    </div>
  );
}

function VerifyAlert({ v, at, onClose }: { v: VerifyResult; at: Date; onClose(): void }) {
  const { t } = useI18n();
  const kinds: Record<VerifyResult['problems'][number]['kind'], Msg> = { edited: m.edited, missing: m.missing, reordered: m.reordered, head_mismatch: m.head_mismatch };
  return (
    <Alert
      type={v.ok ? 'success' : 'error'}
      showIcon
      icon={v.ok ? <CheckCircleOutlined /> : undefined}
      closable={{ onClose }}
      style={{ marginBottom: 16 }}
      data-testid="audit-verify-result"
      title={v.ok ? t(m.verifyOk, { rows: v.rows, seq: v.lastSeq }) : t(m.verifyBad, { n: v.problems.length })}
      description={
        <div>
          {v.problems.slice(0, 20).map((p, i) => (
            <div key={`${p.seq}-${i}`}>
              #{p.seq} <Tag color="red">{t(kinds[p.kind])}</Tag> {p.message}
            </div>
          ))}
          <Typography.Text type="secondary">{t(m.verifiedAt, { t: formatDateTime(at, { seconds: true }) })}</Typography.Text>
        </div>
      }
    />
  );
}
