// Pieces the mediation pages share: the case timeline, people (masked; the mediator may reveal one with a
// reason, which the server audits), status and level tags, and the list of departments for pickers.
import { EyeOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/session.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useApi } from '../../shared/use-api.ts';
import { mediationApi, TIMELINE_LABELS, type Person, type TimelineRow } from './mediation.api.ts';

export function CaseTimeline({ rows }: { rows: TimelineRow[] }) {
  return (
    <Timeline
      data-testid="case-timeline"
      items={rows.map((r) => ({
        key: r.id,
        color: r.action === 'overdue' || r.action === 'fail' ? 'red' : r.action === 'agree' || r.action === 'close' ? 'green' : 'blue',
        title: formatDateTime(r.at),
        content: (
          <div>
            <strong>{TIMELINE_LABELS[r.action] ?? r.action}</strong>
            <span style={{ color: '#667085', marginLeft: 8 }}>
              {r.actorName}
              {r.orgUnitName ? `（${r.orgUnitName}）` : ''}
            </span>
            {r.note ? <div>{r.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

const ROLE_LABELS: Record<string, string> = { visitor: '来访人', applicant: '申请人', respondent: '被申请人', third_party: '第三人', petitioner: '信访人' };

/** People, masked. The mediator may see one person's whole data after stating why (audited on the server). */
export function PeopleTable({ people, consent }: { people: Person[]; consent?: (p: Person) => React.ReactNode }) {
  const me = useMe();
  const [target, setTarget] = useState<Person | null>(null);
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState<Record<number, { name: string; idCard: string | null; phone: string | null }>>({});
  const reveal = async () => {
    if (!target) return;
    try {
      const r = await mediationApi.reveal(target.id, reason);
      setShown((s) => ({ ...s, [target.id]: r }));
      setTarget(null);
      setReason('');
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={people}
        columns={[
          { title: '身份', dataIndex: 'role', width: 90, render: (v: string, p) => <>{ROLE_LABELS[v] ?? v}{p.representative ? <Tag color="purple" style={{ marginLeft: 4 }}>代表</Tag> : null}</> },
          { title: '姓名/名称', key: 'name', render: (_: unknown, p) => shown[p.id]?.name ?? p.name },
          { title: '身份证号', key: 'id', render: (_: unknown, p) => shown[p.id]?.idCard ?? p.idCard ?? '—' },
          { title: '电话', key: 'phone', render: (_: unknown, p) => shown[p.id]?.phone ?? p.phone ?? '—' },
          ...(consent ? [{ title: '同意调解', key: 'consent', render: (_: unknown, p: Person) => consent(p) }] : []),
          {
            title: '',
            key: 'reveal',
            width: 90,
            render: (_: unknown, p: Person) =>
              me.role === 'mediator' && p.kind === 'person' && !shown[p.id] ? (
                <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setTarget(p)}>
                  查看
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal open={!!target} title="查看完整个人信息" onCancel={() => setTarget(null)} onOk={() => void reveal()} okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Typography.Paragraph type="secondary">完整的身份证号、电话只在确有需要时查看；请说明理由，本次查看将记入审计日志。</Typography.Paragraph>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} placeholder="例如：联系当事人送达调解协议" />
      </Modal>
    </>
  );
}

export const STATUS_COLORS: Record<string, string> = {
  registered: 'default', accepted: 'blue', mediating: 'processing', transferred: 'purple', agreement: 'green', failed: 'red', closed: 'default',
  forwarded: 'cyan', not_accepted: 'orange', decided: 'green', review_requested: 'gold', reviewed: 'green', rereview_requested: 'gold', rereviewed: 'default',
  open: 'red', following: 'processing', converted: 'green',
};
export const StatusTag = ({ status, label }: { status: string; label?: string }) => <Tag color={STATUS_COLORS[status] ?? 'default'}>{label ?? status}</Tag>;
export const LEVEL_COLORS = { yellow: 'gold', orange: 'orange', red: 'red' } as const;
export const LEVEL_LABELS = { yellow: '黄色', orange: '橙色', red: '红色' } as const;

export function useOrgUnits() {
  return useApi((signal) => mediationApi.orgUnits(signal), []);
}

export const yuan = (v: number) => `${v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
export const rateText = (r: { numerator: number; denominator: number; percent: number | null }) =>
  r.percent === null ? `— （${r.numerator}/${r.denominator}）` : `${r.percent}%（${r.numerator}/${r.denominator}）`;
