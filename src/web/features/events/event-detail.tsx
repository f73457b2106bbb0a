// One event: every field, the status and the clock of its stage, the closed loop as steps, the timeline,
// photos before and after, its position in its grid, and the moves this role may make in this state as
// buttons with their forms (reason required for reject / return / reopen; photos on handling and
// verification). Supervision (督办), extensions, comments and the caller's phone (revealed with a reason).
// A move made on a stale version answers 409: the page offers to reload.
import {
  ArrowLeftOutlined,
  CameraOutlined,
  EyeOutlined,
  FlagOutlined,
  HistoryOutlined,
  MessageOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { common, defineMessages, useI18n, type Lang, type Msg } from '../../app/i18n.tsx';
import { useMe, useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { roleLabel } from '../../shared/roles.ts';
import { Async } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import {
  ACTION_LABELS,
  eventsApi,
  isStale,
  PHOTO_PHASE_LABELS,
  STAGE_LABELS,
  STAGES,
  TIME_UNITS,
  UNIT_LABELS,
  type EventAction,
  type EventDetail,
  type EventStatus,
  type MoveInput,
  type PhotoPhase,
  type TimeUnit,
} from './events.api.ts';
import { CAN, DueTag, em, sourceLabel, statusLabel, StatusTag, useCategories, useDepartments, useOutlines } from './events.shared.tsx';
import { GeoMap, outlinesBox } from './geo-map.tsx';
import { PhotoPicker } from './photo-picker.tsx';
import { humanizeInstants } from './text.ts';

const m = defineMessages({
  back: { zh: '返回', en: 'Back' },
  basics: { zh: '基本信息', en: 'Details' },
  path: { zh: '办理流程', en: 'Progress' },
  timeline: { zh: '办理记录', en: 'Timeline' },
  photos: { zh: '现场照片', en: 'Photos' },
  noPhotos: { zh: '暂无照片', en: 'No photos' },
  position: { zh: '位置', en: 'Position' },
  noPosition: { zh: '未提供坐标', en: 'No coordinates' },
  trackingCode: { zh: '群众查询码', en: 'Tracking code' },
  contact: { zh: '联系电话', en: 'Phone' },
  reveal: { zh: '查看完整号码', en: 'Reveal' },
  revealTitle: { zh: '查看完整联系电话', en: 'Reveal the phone number' },
  revealReason: { zh: '查看事由（记入审计）', en: 'Why (audited)' },
  stage: { zh: '当前环节', en: 'Stage' },
  onTime: { zh: '按期', en: 'On time' },
  late: { zh: '超期', en: 'Late' },
  counts: { zh: '超期 {o} 次 · 退回 {r} 次 · 重办 {re} 次 · 延期 {x} 次', en: '{o} overdue · {r} returned · {re} reopened · {x} extended' },
  external: { zh: '上级平台编号', en: 'External id' },
  mergedInto: { zh: '已合并到', en: 'Merged into' },
  endReason: { zh: '办结说明', en: 'Outcome' },
  satisfaction: { zh: '群众评价', en: 'Rating' },
  actions: { zh: '可执行操作', en: 'Actions' },
  noActions: { zh: '当前状态下您没有需要办理的操作', en: 'Nothing for you to do in this state' },
  note: { zh: '办理意见', en: 'Note' },
  result: { zh: '处置结果', en: 'What was done' },
  resultRequired: { zh: '请填写处置结果', en: 'Describe what was done' },
  reason: { zh: '理由', en: 'Reason' },
  reasonRequired: { zh: '请填写理由（至少 2 个字）', en: 'Give a reason (2 characters or more)' },
  publicNote: { zh: '对群众公开的说明', en: 'Note for the public' },
  publicNoteHelp: { zh: '群众凭查询码可以看到；不要填写个人信息', en: 'Shown to the public with the tracking code; no personal data' },
  department: { zh: '承办部门', en: 'Department' },
  departmentRequired: { zh: '请选择承办部门', en: 'Choose a department' },
  target: { zh: '合并到的事件', en: 'Merge into' },
  targetRequired: { zh: '请选择合并到的事件', en: 'Choose the event' },
  targetSearch: { zh: '输入编号或关键词搜索', en: 'Search by code or words' },
  photosHandle: { zh: '处置后照片', en: 'Photos after handling' },
  photosVerify: { zh: '核查照片', en: 'Verification photos' },
  staleTitle: { zh: '事件已被他人更新', en: 'The event was changed' },
  staleText: { zh: '在您办理期间，其他人已更新了该事件。请刷新后查看最新状态再办理。', en: 'Someone changed the event meanwhile. Reload it and check its state before acting.' },
  photoFailed: { zh: '照片上传失败，未提交办理', en: 'Photos failed to upload; nothing was submitted' },
  supervisions: { zh: '督办', en: 'Supervision' },
  supervise: { zh: '督办', en: 'Supervise' },
  superviseTitle: { zh: '发起督办', en: 'Raise supervision' },
  resolve: { zh: '办结督办', en: 'Resolve' },
  resolution: { zh: '办结说明', en: 'Resolution' },
  open: { zh: '督办中', en: 'Open' },
  resolved: { zh: '已办结', en: 'Resolved' },
  auto: { zh: '超期自动督办', en: 'Automatic (overdue)' },
  manual: { zh: '人工督办', en: 'Raised by hand' },
  noSupervision: { zh: '无督办', en: 'None' },
  extensions: { zh: '延期', en: 'Extensions' },
  requestExtension: { zh: '申请延期', en: 'Request an extension' },
  amount: { zh: '延长', en: 'Extend by' },
  unit: { zh: '单位', en: 'Unit' },
  approve: { zh: '批准', en: 'Approve' },
  deny: { zh: '不批准', en: 'Deny' },
  decideTitle: { zh: '审批延期申请', en: 'Decide the extension' },
  decisionNote: { zh: '审批意见', en: 'Note' },
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Denied' },
  newDue: { zh: '新时限 {d}', en: 'New due {d}' },
  noExtension: { zh: '无延期申请', en: 'None' },
  comment: { zh: '添加意见', en: 'Comment' },
  commentNote: { zh: '意见（内部）', en: 'Comment (internal)' },
  addPhotos: { zh: '补充照片', en: 'Add photos' },
  upload: { zh: '上传', en: 'Upload' },
  publicTag: { zh: '公开', en: 'Public' },
  moved: { zh: '已{a}', en: '{a}: done' },
});

/** Timeline entries that are not workflow moves. */
const TIMELINE_LABELS: Record<string, Msg> = {
  report: { zh: '上报', en: 'Reported' },
  photos: { zh: '上传照片', en: 'Photos' },
  comment: { zh: '意见', en: 'Comment' },
  supervise: { zh: '督办', en: 'Supervision' },
  supervise_resolve: { zh: '督办办结', en: 'Supervision resolved' },
  overdue: { zh: '超期', en: 'Overdue' },
  extension_request: { zh: '申请延期', en: 'Extension requested' },
  extension_approve: { zh: '批准延期', en: 'Extension approved' },
  extension_reject: { zh: '未批准延期', en: 'Extension denied' },
  rate: { zh: '群众评价', en: 'Rated' },
  merged_in: { zh: '并入重复事件', en: 'Duplicate merged in' },
};

function actionText(action: string, lang: Lang): string {
  return (ACTION_LABELS as Record<string, Msg>)[action]?.[lang] ?? TIMELINE_LABELS[action]?.[lang] ?? action;
}

const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

const MAIN_FLOW: EventStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified', 'closed'];

/** Where an event stands on the main path (side states sit at the step they return to). */
function flowStep(s: EventStatus): { current: number; status: 'process' | 'finish' | 'error' | 'wait' } {
  switch (s) {
    case 'returned':
    case 'reopened':
      return { current: 2, status: 'error' };
    case 'rejected':
    case 'merged':
      return { current: 1, status: 'error' };
    case 'closed':
      return { current: 6, status: 'finish' };
    default:
      return { current: MAIN_FLOW.indexOf(s), status: 'process' };
  }
}

/** Which photo phase the role may add to in this state (as events.photos.ts allows). */
function photoPhaseFor(role: Role, status: EventStatus): PhotoPhase | null {
  if (['grid_worker', 'dispatcher', 'enterprise'].includes(role) && ['reported', 'accepted'].includes(status)) return 'report';
  if (['handler', 'mediator', 'enterprise_officer', 'safety'].includes(role) && ['in_progress', 'handled'].includes(status)) return 'handle';
  if (['grid_worker', 'dispatcher'].includes(role) && ['handled', 'verified'].includes(status)) return 'verify';
  return null;
}

const NEEDS_REASON: EventAction[] = ['reject', 'return', 'reopen'];
const DANGER: EventAction[] = ['reject', 'return', 'reopen'];
const PHOTO_ON: Partial<Record<EventAction, PhotoPhase>> = { handle: 'handle', verify: 'verify' };

export default function EventDetailPage() {
  const { id } = useParams();
  const eventId = Number(id);
  const state = useApi((signal) => eventsApi.get(eventId, signal), [eventId]);
  return <Async state={state}>{(e) => <EventView e={e} reload={state.reload} loading={state.loading} />}</Async>;
}

function EventView({ e, reload, loading }: { e: EventDetail; reload(): void; loading: boolean }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [action, setAction] = useState<EventAction | null>(null);
  const [dialog, setDialog] = useState<'supervise' | 'extension' | 'reveal' | 'photos' | null>(null);

  /** A stale version (409) asks to reload; anything else is shown as an error. */
  const onError = (err: unknown) => {
    if (isStale(err)) {
      setAction(null);
      modal.warning({ title: t(m.staleTitle), content: t(m.staleText), okText: t(common.reload), onOk: reload });
    } else notifyError(err);
  };

  const terminal = ['closed', 'rejected', 'merged'].includes(e.status);
  const openSupervision = e.supervisions.some((s) => s.status === 'open');
  const photoPhase = photoPhaseFor(me.role, e.status);
  const step = flowStep(e.status);

  return (
    <div data-testid="event-detail">
      <div className="zl-page-header">
        <div style={{ minWidth: 0 }}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }} onClick={() => navigate(-1)}>
            {t(m.back)}
          </Button>
          <h1 style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            <span data-testid="event-title">{e.title}</span>
            <span data-testid="event-header-status">
              <StatusTag status={e.status} />
            </span>
            {e.overdue ? <Tag color="red">{t(em.overdue)}</Tag> : null}
            {openSupervision ? (
              <Tag color="volcano" icon={<FlagOutlined />}>
                {t(em.supervised)}
              </Tag>
            ) : null}
            {e.priority === 'urgent' ? <Tag color="red">{t(em.urgent)}</Tag> : null}
          </h1>
          <div style={{ color: '#667085', marginTop: 4 }}>
            <span className="zl-mono" data-testid="event-code">
              {e.code}
            </span>{' '}
            · {e.categoryPath} · {formatDateTime(e.reportedAt)}
          </div>
        </div>
        <Button icon={<ReloadOutlined />} loading={loading} onClick={reload}>
          {t(common.reload)}
        </Button>
      </div>

      <Card size="small" title={t(m.actions)} style={{ marginBottom: 16 }} data-testid="event-actions">
        <Space wrap>
          {e.allowedActions.map((a) => (
            <Button key={a} type={DANGER.includes(a) ? 'default' : 'primary'} danger={DANGER.includes(a)} onClick={() => setAction(a)} data-testid={`action-${a}`}>
              {ACTION_LABELS[a][lang]}
            </Button>
          ))}
          {CAN.supervise(me.role) && !terminal ? (
            <Button icon={<FlagOutlined />} onClick={() => setDialog('supervise')} data-testid="action-supervise">
              {t(m.supervise)}
            </Button>
          ) : null}
          {CAN.requestExtension(me.role) && e.status === 'in_progress' && !e.extensions.some((x) => x.status === 'pending') ? (
            <Button icon={<HistoryOutlined />} onClick={() => setDialog('extension')} data-testid="action-extension">
              {t(m.requestExtension)}
            </Button>
          ) : null}
          {photoPhase ? (
            <Button icon={<CameraOutlined />} onClick={() => setDialog('photos')} data-testid="action-photos">
              {t(m.addPhotos)}
            </Button>
          ) : null}
          {e.allowedActions.length === 0 && !(CAN.supervise(me.role) && !terminal) && !photoPhase && !(CAN.requestExtension(me.role) && e.status === 'in_progress') ? (
            <Typography.Text type="secondary">{t(m.noActions)}</Typography.Text>
          ) : null}
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t(m.path)} style={{ marginBottom: 16 }}>
            <div style={{ overflowX: 'auto' }}>
              <Steps
                size="small"
                responsive={false}
                titlePlacement="vertical"
                current={step.current}
                status={step.status}
                items={MAIN_FLOW.map((s, i) => ({
                  title: i === step.current && step.status === 'error' ? statusLabel(e.status, lang) : statusLabel(s, lang),
                }))}
                style={{ minWidth: 560 }}
              />
            </div>
            <div style={{ marginTop: 12, display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center' }}>
              {e.stage ? (
                <>
                  <span>
                    {t(m.stage)}{colon(lang)}<Tag>{STAGE_LABELS[e.stage][lang]}</Tag>
                  </span>
                  <DueTag dueAt={e.dueAt} overdue={e.overdue} />
                  <span style={{ color: '#667085' }}>{formatDateTime(e.dueAt)}</span>
                </>
              ) : null}
              <span style={{ color: '#667085' }}>{t(m.counts, { o: e.overdueCount, r: e.returnCount, re: e.reopenCount, x: e.extensionCount })}</span>
            </div>
            <div style={{ marginTop: 8, display: 'flex', gap: 6, flexWrap: 'wrap' }}>
              {STAGES.map((s) =>
                e.onTime[s] === null ? null : (
                  <Tag key={s} color={e.onTime[s] ? 'green' : 'red'}>
                    {STAGE_LABELS[s][lang]}{colon(lang)}{e.onTime[s] ? t(m.onTime) : t(m.late)}
                  </Tag>
                ),
              )}
            </div>
          </Card>

          <Card size="small" title={t(m.basics)} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t(em.description)} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }} data-testid="event-description">
                  {e.description}
                </div>
              </Descriptions.Item>
              <Descriptions.Item label={t(em.category)}>{e.categoryPath}</Descriptions.Item>
              <Descriptions.Item label={t(em.source)}>{sourceLabel(e.source, lang)}</Descriptions.Item>
              <Descriptions.Item label={t(em.grid)}>{e.gridName ?? t(em.outsideGrid)}</Descriptions.Item>
              <Descriptions.Item label={t(em.department)}>
                <span data-testid="event-department">{e.departmentName ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t(em.address)} span={2}>
                {e.address || '—'}
                {e.lng !== null && e.lat !== null ? (
                  <span className="zl-mono" style={{ color: '#98a2b3', marginLeft: 8 }}>
                    {e.lng.toFixed(6)}, {e.lat.toFixed(6)}
                  </span>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t(em.reporter)}>{e.reporterName}</Descriptions.Item>
              <Descriptions.Item label={t(m.contact)}>
                {e.contactMasked ? (
                  <Space>
                    <span className="zl-mono">{e.contactMasked}</span>
                    {CAN.revealContact(me.role) ? (
                      <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setDialog('reveal')}>
                        {t(m.reveal)}
                      </Button>
                    ) : null}
                  </Space>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t(em.reportedAt)}>{formatDateTime(e.reportedAt)}</Descriptions.Item>
              <Descriptions.Item label={t(em.closedAt)}>{formatDateTime(e.closedAt)}</Descriptions.Item>
              {me.role !== 'enterprise' ? (
                <Descriptions.Item label={t(m.trackingCode)}>
                  <Typography.Text className="zl-mono" copyable>
                    {e.trackingCode}
                  </Typography.Text>
                </Descriptions.Item>
              ) : null}
              {e.externalId ? (
                <Descriptions.Item label={t(m.external)}>
                  {e.externalSystem} · <span className="zl-mono">{e.externalId}</span>
                </Descriptions.Item>
              ) : null}
              {e.mergedIntoId ? (
                <Descriptions.Item label={t(m.mergedInto)}>
                  <Link to={`/events/${e.mergedIntoId}`} className="zl-mono">
                    {e.mergedIntoCode}
                  </Link>
                </Descriptions.Item>
              ) : null}
              {e.endReason ? <Descriptions.Item label={t(m.endReason)}>{e.endReason}</Descriptions.Item> : null}
              {e.satisfaction !== null ? (
                <Descriptions.Item label={t(m.satisfaction)}>
                  {'★'.repeat(e.satisfaction)}
                  {'☆'.repeat(5 - e.satisfaction)} {e.satisfactionComment ?? ''}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>

          <Card size="small" title={t(m.photos)} style={{ marginBottom: 16 }} data-testid="event-photos">
            <Photos e={e} />
          </Card>

          <Card size="small" title={t(m.timeline)} data-testid="event-timeline">
            <EventTimeline e={e} />
            {CAN.annotate(me.role) ? <CommentForm e={e} onDone={reload} /> : null}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t(m.position)} style={{ marginBottom: 16 }}>
            <PositionMap e={e} />
          </Card>
          <Card size="small" title={t(m.supervisions)} style={{ marginBottom: 16 }} data-testid="event-supervisions">
            <Supervisions e={e} reload={reload} />
          </Card>
          <Card size="small" title={t(m.extensions)} data-testid="event-extensions">
            <Extensions e={e} reload={reload} onError={onError} />
          </Card>
        </Col>
      </Row>

      {action ? (
        <MoveModal
          e={e}
          action={action}
          onClose={() => setAction(null)}
          onDone={() => {
            notifySuccess(t(m.moved, { a: ACTION_LABELS[action][lang] }));
            setAction(null);
            reload();
          }}
          onError={onError}
        />
      ) : null}
      {dialog === 'supervise' ? <SuperviseModal e={e} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'extension' ? <ExtensionModal e={e} onClose={() => setDialog(null)} onDone={reload} /> : null}
      {dialog === 'reveal' ? <RevealModal e={e} onClose={() => setDialog(null)} /> : null}
      {dialog === 'photos' && photoPhase ? <PhotosModal e={e} phase={photoPhase} onClose={() => setDialog(null)} onDone={reload} /> : null}
    </div>
  );
}

function Photos({ e }: { e: EventDetail }) {
  const { t, lang } = useI18n();
  if (e.photos.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noPhotos)} />;
  const phases: PhotoPhase[] = ['report', 'handle', 'verify'];
  return (
    <Image.PreviewGroup>
      {phases.map((p) => {
        const list = e.photos.filter((x) => x.phase === p);
        if (list.length === 0) return null;
        return (
          <div key={p} style={{ marginBottom: 12 }} data-testid={`photos-${p}`}>
            <div style={{ color: '#667085', marginBottom: 6 }}>
              {PHOTO_PHASE_LABELS[p][lang]}（{list.length}）
            </div>
            <Space wrap>
              {list.map((ph) => (
                <Image key={ph.id} src={ph.url} width={104} height={104} style={{ objectFit: 'cover', borderRadius: 6 }} alt={PHOTO_PHASE_LABELS[p][lang]} />
              ))}
            </Space>
          </div>
        );
      })}
    </Image.PreviewGroup>
  );
}

function EventTimeline({ e }: { e: EventDetail }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const units = useDepartments(CAN.departments(me.role));
  const depts = useMemo(() => {
    const names = new Map<number, string>((units.data ?? []).map((u) => [u.id, u.name]));
    if (e.departmentId && e.departmentName) names.set(e.departmentId, e.departmentName);
    return names;
  }, [units.data, e.departmentId, e.departmentName]);
  const rows = [...e.timeline].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  return (
    <Timeline
      items={rows.map((r) => {
        const red = ['overdue', 'reject', 'return', 'reopen', 'supervise'].includes(r.action);
        const green = ['verify', 'close', 'handle'].includes(r.action);
        const reason = typeof r.details.reason === 'string' ? r.details.reason : null;
        const phase = typeof r.details.phase === 'string' ? (r.details.phase as PhotoPhase) : null;
        return {
          key: r.id,
          color: red ? 'red' : green ? 'green' : 'blue',
          content: (
            <div data-testid={`timeline-${r.action}`}>
              <div style={{ color: '#98a2b3', fontSize: 12 }}>{formatDateTime(r.at)}</div>
              <strong>{actionText(r.action, lang)}</strong>
              {r.toStatus && r.toStatus !== r.fromStatus ? (
                <span style={{ marginLeft: 8 }}>
                  → <StatusTag status={r.toStatus} />
                </span>
              ) : null}
              <span style={{ color: '#667085', marginLeft: 8 }}>
                {r.actorName}
                {r.actorRole && r.actorRole !== 'system' && r.actorRole !== 'public' ? `（${roleLabel(r.actorRole, lang)}）` : ''}
              </span>
              {r.action === 'dispatch' && r.departmentId ? (
                <div style={{ color: '#667085' }}>
                  {t(m.department)}{colon(lang)}{depts.get(r.departmentId) ?? `#${r.departmentId}`}
                </div>
              ) : null}
              {phase ? (
                <div style={{ color: '#667085' }}>
                  {PHOTO_PHASE_LABELS[phase]?.[lang] ?? phase} × {String(r.details.count ?? '')}
                </div>
              ) : null}
              {r.note && r.note !== reason ? <div style={{ whiteSpace: 'pre-wrap' }}>{humanizeInstants(r.note)}</div> : null}
              {reason ? (
                <div style={{ whiteSpace: 'pre-wrap' }}>
                  {t(m.reason)}{colon(lang)}{reason}
                </div>
              ) : null}
              {r.publicNote ? (
                <div style={{ color: '#1f5fbf' }}>
                  <Tag color="blue">{t(m.publicTag)}</Tag>
                  {r.publicNote}
                </div>
              ) : null}
            </div>
          ),
        };
      })}
    />
  );
}

function PositionMap({ e }: { e: EventDetail }) {
  const { t } = useI18n();
  const me = useMe();
  const outlines = useOutlines(CAN.grids(me.role), e.gridId ? [e.gridId] : []);
  const list = outlines.data ?? [];
  const mine = list.filter((o) => o.id === e.gridId);
  const focus = outlinesBox(mine) ?? (e.lng !== null && e.lat !== null ? ([e.lng - 0.005, e.lat - 0.005, e.lng + 0.005, e.lat + 0.005] as [number, number, number, number]) : null);
  if (e.lng === null || e.lat === null) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(m.noPosition)} />;
  if (list.length === 0) {
    return (
      <div className="zl-mono" style={{ color: '#667085' }}>
        {e.lng.toFixed(6)}, {e.lat.toFixed(6)}
      </div>
    );
  }
  return <GeoMap outlines={list} focus={focus} marker={[e.lng, e.lat]} style={{ width: '100%', height: 280 }} testId="event-position-map" compact />;
}

function Supervisions({ e, reload }: { e: EventDetail; reload(): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [target, setTarget] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  if (e.supervisions.length === 0) return <Typography.Text type="secondary">{t(m.noSupervision)}</Typography.Text>;
  const resolve = async () => {
    if (target === null) return;
    setBusy(true);
    try {
      await eventsApi.resolveSupervision(e.id, target, text.trim());
      setTarget(null);
      setText('');
      reload();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {e.supervisions.map((s) => (
        <div key={s.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
          <Space wrap>
            <Tag color={s.status === 'open' ? 'volcano' : 'default'}>{s.status === 'open' ? t(m.open) : t(m.resolved)}</Tag>
            <span>{s.kind === 'manual' ? t(m.manual) : t(m.auto)}</span>
            <span style={{ color: '#667085' }}>
              {s.raisedByName} · {formatDateTime(s.raisedAt)}
            </span>
          </Space>
          <div>{humanizeInstants(s.reason)}</div>
          {s.resolution ? (
            <div style={{ color: '#667085' }}>
              {t(m.resolution)}{colon(lang)}{s.resolution}
            </div>
          ) : null}
          {s.status === 'open' && CAN.supervise(me.role) ? (
            <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => setTarget(s.id)}>
              {t(m.resolve)}
            </Button>
          ) : null}
        </div>
      ))}
      <Modal
        open={target !== null}
        title={t(m.resolve)}
        onCancel={() => setTarget(null)}
        onOk={() => void resolve()}
        okButtonProps={{ disabled: text.trim().length < 2, loading: busy }}
      >
        <Input.TextArea rows={3} value={text} onChange={(ev) => setText(ev.target.value)} placeholder={t(m.resolution)} maxLength={500} />
      </Modal>
    </>
  );
}

function Extensions({ e, reload, onError }: { e: EventDetail; reload(): void; onError(err: unknown): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [deciding, setDeciding] = useState<{ id: number; version: number } | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  if (e.extensions.length === 0) return <Typography.Text type="secondary">{t(m.noExtension)}</Typography.Text>;
  const decide = async (approve: boolean) => {
    if (!deciding) return;
    setBusy(true);
    try {
      await eventsApi.decideExtension(e.id, deciding.id, { approve, note: note.trim() || undefined, version: deciding.version });
      setDeciding(null);
      setNote('');
      reload();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const statusText = (s: string) => (s === 'pending' ? t(m.pending) : s === 'approved' ? t(m.approved) : t(m.rejected));
  return (
    <>
      {e.extensions.map((x) => (
        <div key={x.id} style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
          <Space wrap>
            <Tag color={x.status === 'pending' ? 'gold' : x.status === 'approved' ? 'green' : 'default'}>{statusText(x.status)}</Tag>
            <span>
              {STAGE_LABELS[x.stage as keyof typeof STAGE_LABELS]?.[lang] ?? x.stage} +{x.amount} {UNIT_LABELS[x.unit as TimeUnit]?.[lang] ?? x.unit}
            </span>
            <span style={{ color: '#667085' }}>{formatDateTime(x.requestedAt)}</span>
          </Space>
          <div>{x.reason}</div>
          {x.newDueAt ? <div style={{ color: '#389e0d' }}>{t(m.newDue, { d: formatDateTime(x.newDueAt) })}</div> : null}
          {x.decisionNote ? <div style={{ color: '#667085' }}>{x.decisionNote}</div> : null}
          {x.status === 'pending' && CAN.decideExtension(me.role) ? (
            <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => setDeciding({ id: x.id, version: x.version })} data-testid="extension-decide">
              {t(m.decideTitle)}
            </Button>
          ) : null}
        </div>
      ))}
      <Modal
        open={deciding !== null}
        title={t(m.decideTitle)}
        onCancel={() => setDeciding(null)}
        footer={[
          <Button key="deny" danger loading={busy} onClick={() => void decide(false)}>
            {t(m.deny)}
          </Button>,
          <Button key="ok" type="primary" loading={busy} onClick={() => void decide(true)}>
            {t(m.approve)}
          </Button>,
        ]}
      >
        <Input.TextArea rows={3} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder={t(m.decisionNote)} maxLength={500} />
      </Modal>
    </>
  );
}

interface MoveForm {
  note?: string;
  reason?: string;
  publicNote?: string;
  departmentId?: number;
  targetId?: number;
  photos?: File[];
}

function MoveModal({
  e,
  action,
  onClose,
  onDone,
  onError,
}: {
  e: EventDetail;
  action: EventAction;
  onClose(): void;
  onDone(): void;
  onError(err: unknown): void;
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { me: session } = useSession();
  const [form] = Form.useForm<MoveForm>();
  const [busy, setBusy] = useState(false);
  const cats = useCategories();
  const depts = useDepartments(action === 'dispatch');
  const photoPhase = PHOTO_ON[action];
  const needsReason = NEEDS_REASON.includes(action);

  // Dispatch suggests the category's department (not the one that just returned the event).
  const suggested = useMemo(() => {
    for (const c of cats.data ?? []) {
      const hit = c.id === e.categoryId ? c : c.children.find((s) => s.id === e.categoryId);
      if (hit) return hit.effectiveDepartmentId ?? undefined;
    }
    return undefined;
  }, [cats.data, e.categoryId]);
  const initialDept = e.status === 'returned' ? undefined : (suggested ?? undefined);
  // The categories arrive after the form mounts: fill the suggestion in then, unless a department was chosen.
  useEffect(() => {
    if (action === 'dispatch' && initialDept !== undefined && form.getFieldValue('departmentId') === undefined) form.setFieldValue('departmentId', initialDept);
  }, [action, initialDept, form]);

  const submit = async (v: MoveForm) => {
    setBusy(true);
    try {
      if (photoPhase && v.photos?.length) {
        try {
          await eventsApi.photos(e.id, photoPhase, v.photos, session?.csrfToken ?? null);
        } catch (err) {
          notifyError(err);
          throw new Error(t(m.photoFailed));
        }
      }
      const body: MoveInput = {
        action,
        version: e.version,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        ...(v.publicNote?.trim() ? { publicNote: v.publicNote.trim() } : {}),
        ...(v.departmentId ? { departmentId: v.departmentId } : {}),
        ...(v.targetId ? { targetId: v.targetId } : {}),
      };
      await eventsApi.move(e.id, body);
      onDone();
    } catch (err) {
      if (err instanceof Error && err.message === t(m.photoFailed)) return;
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${ACTION_LABELS[action][lang]} · ${e.code}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={ACTION_LABELS[action][lang]}
      okButtonProps={{ loading: busy, danger: DANGER.includes(action), ...({ 'data-testid': 'move-submit' } as Record<`data-${string}`, string>) }}
      cancelText={t(common.cancel)}
      destroyOnHidden
    >
      <Form<MoveForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ departmentId: action === 'dispatch' ? initialDept : undefined, photos: [] }}
        data-testid="move-form"
      >
        {action === 'dispatch' ? (
          <Form.Item name="departmentId" label={t(m.department)} rules={[{ required: true, message: t(m.departmentRequired) }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={depts.loading}
              options={(depts.data ?? []).filter((d) => !(e.status === 'returned' && d.id === e.departmentId)).map((d) => ({ value: d.id, label: d.name }))}
              data-testid="move-department"
            />
          </Form.Item>
        ) : null}
        {action === 'merge' ? (
          <Form.Item name="targetId" label={t(m.target)} rules={[{ required: true, message: t(m.targetRequired) }]}>
            <MergeTargetSelect e={e} />
          </Form.Item>
        ) : null}
        {needsReason ? (
          <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, whitespace: true, min: 2, message: t(m.reasonRequired) }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid="move-reason" />
          </Form.Item>
        ) : (
          <Form.Item
            name="note"
            label={action === 'handle' ? t(m.result) : t(m.note)}
            rules={action === 'handle' ? [{ required: true, whitespace: true, min: 2, message: t(m.resultRequired) }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="move-note" />
          </Form.Item>
        )}
        {photoPhase ? (
          <Form.Item name="photos" label={photoPhase === 'handle' ? t(m.photosHandle) : t(m.photosVerify)}>
            <PhotoPicker testId="move-photos" />
          </Form.Item>
        ) : null}
        {me.role !== 'enterprise' ? (
          <Form.Item name="publicNote" label={t(m.publicNote)} extra={t(m.publicNoteHelp)}>
            <Input maxLength={500} data-testid="move-public-note" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** Picks the event to merge into: nearby open duplicates first, then a search by code or words. */
function MergeTargetSelect({ e, value, onChange }: { e: EventDetail; value?: number; onChange?: (v: number) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const near = useApi(
    (signal) =>
      e.lng !== null && e.lat !== null ? eventsApi.duplicates({ categoryId: e.categoryId, lng: e.lng, lat: e.lat, excludeId: e.id }, signal) : Promise.resolve([]),
    [e.id],
  );
  const found = useApi((signal) => (q.trim().length >= 2 ? eventsApi.list({ q: q.trim() }, { page: 1, pageSize: 20 }, signal) : Promise.resolve(null)), [q]);
  const options = [
    ...(near.data ?? []).filter((d) => d.id !== null).map((d) => ({ value: d.id!, label: `${d.code} ${d.title}（${d.distanceM} m）` })),
    ...(found.data?.items ?? [])
      .filter((x) => x.id !== e.id && !['closed', 'rejected', 'merged'].includes(x.status))
      .map((x) => ({ value: x.id, label: `${x.code} ${x.title}` })),
  ];
  const unique = [...new Map(options.map((o) => [o.value, o])).values()];
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      placeholder={t(m.targetSearch)}
      options={unique}
      loading={near.loading || found.loading}
    />
  );
}

function SuperviseModal({ e, onClose, onDone }: { e: EventDetail; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await eventsApi.supervise(e.id, reason.trim());
      onClose();
      onDone();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t(m.superviseTitle)} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ disabled: reason.trim().length < 2, loading: busy }}>
      <Input.TextArea rows={3} value={reason} onChange={(ev) => setReason(ev.target.value)} placeholder={t(m.reason)} maxLength={500} showCount data-testid="supervise-reason" />
    </Modal>
  );
}

function ExtensionModal({ e, onClose, onDone }: { e: EventDetail; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ amount: number; unit: TimeUnit; reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { amount: number; unit: TimeUnit; reason: string }) => {
    setBusy(true);
    try {
      await eventsApi.requestExtension(e.id, { amount: v.amount, unit: v.unit, reason: v.reason.trim() });
      onClose();
      onDone();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t(m.requestExtension)} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ amount: 2, unit: 'working_days' }} onFinish={(v) => void submit(v)}>
        <Space.Compact block>
          <Form.Item name="amount" label={t(m.amount)} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={1} max={365} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="unit" label={t(m.unit)} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={TIME_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u][lang] }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="reason" label={t(m.reason)} rules={[{ required: true, whitespace: true, min: 2, message: t(m.reasonRequired) }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevealModal({ e, onClose }: { e: EventDetail; onClose(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [phone, setPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      setPhone((await eventsApi.revealContact(e.id, reason.trim())).phone);
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t(m.revealTitle)}
      onCancel={onClose}
      onOk={phone ? onClose : () => void submit()}
      okButtonProps={{ disabled: !phone && reason.trim().length < 2, loading: busy }}
    >
      {phone ? (
        <Typography.Title level={4} className="zl-mono" copyable>
          {phone}
        </Typography.Title>
      ) : (
        <Input value={reason} onChange={(ev) => setReason(ev.target.value)} placeholder={t(m.revealReason)} maxLength={200} />
      )}
    </Modal>
  );
}

function PhotosModal({ e, phase, onClose, onDone }: { e: EventDetail; phase: PhotoPhase; onClose(): void; onDone(): void }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const already = e.photos.filter((p) => p.phase === phase).length;
  const submit = async () => {
    setBusy(true);
    try {
      await eventsApi.photos(e.id, phase, files, me?.csrfToken ?? null);
      onClose();
      onDone();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t(m.addPhotos)} · ${PHOTO_PHASE_LABELS[phase][lang]}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t(m.upload)}
      okButtonProps={{ disabled: files.length === 0, loading: busy }}
    >
      <PhotoPicker value={files} onChange={setFiles} max={Math.max(0, 9 - already)} testId="extra-photos" />
    </Modal>
  );
}

function CommentForm({ e, onDone }: { e: EventDetail; onDone(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<{ note: string; publicNote?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { note: string; publicNote?: string }) => {
    setBusy(true);
    try {
      await eventsApi.comment(e.id, { note: v.note.trim(), ...(v.publicNote?.trim() ? { publicNote: v.publicNote.trim() } : {}) });
      form.resetFields();
      onDone();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
      <Form.Item name="note" label={t(m.commentNote)} rules={[{ required: true, whitespace: true }]} style={{ marginBottom: 8 }}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      {me.role !== 'enterprise' ? (
        <Form.Item name="publicNote" label={t(m.publicNote)} extra={t(m.publicNoteHelp)} style={{ marginBottom: 8 }}>
          <Input maxLength={500} />
        </Form.Item>
      ) : null}
      <Button htmlType="submit" icon={<MessageOutlined />} loading={busy}>
        {t(m.comment)}
      </Button>
    </Form>
  );
}
