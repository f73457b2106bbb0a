// 群众端 (no login): report a problem — category, description, the place on the map or from the phone,
// photos, an optional contact — and get a tracking code; follow it by that code (status and public notes
// only, never internal notes or anyone's name or phone); rate it once closed, or say it is not fixed.
import { AimOutlined, CheckCircleOutlined, LoginOutlined, SearchOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Rate,
  Result,
  Row,
  Select,
  Space,
  Steps,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { common, defineMessages, useI18n, type Lang } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { Async, ErrorState } from '../../shared/states.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { STATUS_COLORS, STATUS_LABELS, type EventStatus } from '../events/events.api.ts';
import { GeoMap } from '../events/geo-map.tsx';
import { PhotoPicker } from '../events/photo-picker.tsx';
import { portalApi, saveCode, savedCodes, type PublicSubmission, type Tracked } from './portal.api.ts';

const m = defineMessages({
  brand: { zh: '群众诉求直通车', en: 'Tell us about a problem' },
  staff: { zh: '工作人员登录', en: 'Staff sign-in' },
  submitTab: { zh: '我要反映', en: 'Report' },
  trackTab: { zh: '进度查询', en: 'Follow up' },
  intro: {
    zh: '发现占道经营、安全隐患、环境卫生、设施损坏等问题，可在此反映。无需注册，提交后凭查询码查看办理进度。',
    en: 'Report street obstruction, hazards, litter, broken facilities and the like. No account needed: a tracking code lets you follow it.',
  },
  category: { zh: '问题类型', en: 'Kind of problem' },
  categoryRequired: { zh: '请选择问题类型', en: 'Choose a kind' },
  description: { zh: '问题描述', en: 'Description' },
  descriptionRequired: { zh: '请描述问题（至少 5 个字）', en: 'Describe the problem (5 characters or more)' },
  address: { zh: '地点', en: 'Place' },
  addressPh: { zh: '如：京津路与泰华路交口东北角', en: 'e.g. north-east corner of the crossing' },
  location: { zh: '在地图上标出位置', en: 'Mark the place on the map' },
  tapMap: { zh: '点击地图标出问题位置（可选）', en: 'Tap the map to mark the place (optional)' },
  useDevice: { zh: '使用当前位置', en: 'Use my location' },
  geoFailed: { zh: '无法获取位置，请在地图上点选或填写地点', en: 'Cannot get your location; tap the map or write the place' },
  needPlace: { zh: '请在地图上标出位置，或填写地点', en: 'Mark the place on the map or write it' },
  photos: { zh: '照片（最多 9 张）', en: 'Photos (up to 9)' },
  contact: { zh: '联系方式（可不填）', en: 'Contact (optional)' },
  contactName: { zh: '称呼', en: 'Name' },
  contactPhone: { zh: '手机号', en: 'Mobile' },
  privacy: {
    zh: '联系方式仅供工作人员回访，加密保存，不会在查询页面显示。',
    en: 'Your contact is only for staff to call back; it is stored encrypted and never shown on the tracking page.',
  },
  submit: { zh: '提交', en: 'Submit' },
  submitted: { zh: '提交成功', en: 'Submitted' },
  codeIs: { zh: '您的查询码', en: 'Your tracking code' },
  keepCode: { zh: '请保存查询码，凭此查看办理进度和评价。', en: 'Keep this code to follow the case and rate it.' },
  photoFailed: { zh: '问题已提交，但照片上传失败', en: 'Submitted, but the photos failed to upload' },
  follow: { zh: '查看进度', en: 'Follow it' },
  another: { zh: '继续反映', en: 'Report another' },
  codePh: { zh: '输入查询码', en: 'Tracking code' },
  codeRule: { zh: '查询码为 6–20 位字母或数字', en: '6–20 letters or digits' },
  find: { zh: '查询', en: 'Find' },
  recent: { zh: '本机最近提交', en: 'Submitted from this device' },
  notFound: { zh: '没有找到该查询码对应的事项，请核对后重试', en: 'No case has that code; check it and retry' },
  status: { zh: '办理状态', en: 'Status' },
  kind: { zh: '类型', en: 'Kind' },
  reportedAt: { zh: '提交时间', en: 'Submitted' },
  closedAt: { zh: '办结时间', en: 'Closed' },
  progress: { zh: '办理进展', en: 'Progress' },
  noNotes: { zh: '正在办理中，暂无公开进展', en: 'Being handled; no public update yet' },
  rateTitle: { zh: '满意度评价', en: 'Rate how it was handled' },
  rateComment: { zh: '意见建议（可不填）', en: 'Comments (optional)' },
  rateSubmit: { zh: '提交评价', en: 'Send rating' },
  rated: { zh: '您的评价：', en: 'Your rating:' },
  thanks: { zh: '感谢您的评价', en: 'Thank you' },
  reopenTitle: { zh: '问题没有解决？', en: 'Not fixed?' },
  reopenReason: { zh: '请说明仍存在的问题', en: 'Tell us what is still wrong' },
  reopenSubmit: { zh: '反映未解决', en: 'Report not fixed' },
  reopened: { zh: '已转回办理', en: 'Sent back for handling' },
});

const FLOW: EventStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'verified', 'closed'];
const label = (s: string, lang: Lang) => (STATUS_LABELS as Record<string, { zh: string; en: string }>)[s]?.[lang] ?? s;

function Shell({ children, tab }: { children: React.ReactNode; tab: 'submit' | 'track' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100vh', background: '#f3f5f8' }} data-testid="portal">
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
          <Link to="/login" style={{ color: '#fff' }} data-testid="portal-staff-login">
            <LoginOutlined /> <span className="zl-hide-sm">{t(m.staff)}</span>
          </Link>
        </div>
      </div>
      <div style={{ maxWidth: 1080, margin: '0 auto', padding: '12px 12px 32px' }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(k === 'submit' ? '/portal' : '/portal/track')}
          items={[
            { key: 'submit', label: t(m.submitTab) },
            { key: 'track', label: t(m.trackTab) },
          ]}
        />
        {children}
      </div>
    </div>
  );
}

interface SubmitValues {
  categoryId: number;
  description: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  photos?: File[];
}

function SubmitPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { me } = useSession();
  const [form] = Form.useForm<SubmitValues>();
  const keyFor = useIdempotencyKey();
  const cats = useApi((signal) => portalApi.categories(signal), []);
  const map = useApi((signal) => portalApi.map(signal), []);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<{ code: string; photoFailed: boolean } | null>(null);

  const outlines = useMemo(() => (map.data?.grids ?? []).map((g) => ({ id: g.id, name: g.name, level: g.level, geometry: g.geometry })), [map.data]);
  const groups = new Map<string, { value: number; label: string }[]>();
  for (const c of cats.data ?? []) {
    const g = c.groupName ?? '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push({ value: c.id, label: c.name });
  }
  const options = [...groups.entries()].map(([g, list]) => (g ? { label: g, options: list } : list)).flat();

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem(t(m.geoFailed));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => setPoint([Math.round(p.coords.longitude * 1e6) / 1e6, Math.round(p.coords.latitude * 1e6) / 1e6]),
      () => setProblem(t(m.geoFailed)),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (v: SubmitValues) => {
    setProblem(null);
    if (!point && !v.address?.trim()) {
      setProblem(t(m.needPlace));
      return;
    }
    const body: PublicSubmission = {
      categoryId: v.categoryId,
      description: v.description.trim(),
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(point ? { lng: point[0], lat: point[1] } : {}),
      ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
      ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
    };
    setBusy(true);
    try {
      const r = await portalApi.submit(body, keyFor(body));
      saveCode(r.trackingCode);
      let photoFailed = false;
      if (v.photos?.length) {
        try {
          await portalApi.photos(r.trackingCode, v.photos, me?.csrfToken ?? null);
        } catch (e) {
          photoFailed = true;
          notifyError(e);
        }
      }
      setDone({ code: r.trackingCode, photoFailed });
      window.scrollTo({ top: 0 });
    } catch (e) {
      if (isApiError(e) && e.status > 0 && e.status < 500) setProblem(e.message);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Card>
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t(m.submitted)}
          subTitle={
            <div>
              <div>{t(m.codeIs)}</div>
              <Typography.Title level={2} copyable className="zl-mono" style={{ margin: '8px 0', letterSpacing: 2 }} data-testid="portal-tracking-code">
                {done.code}
              </Typography.Title>
              <div>{t(m.keepCode)}</div>
              {done.photoFailed ? <Alert type="warning" showIcon title={t(m.photoFailed)} style={{ marginTop: 12 }} /> : null}
            </div>
          }
          extra={[
            <Button key="follow" type="primary" onClick={() => navigate(`/portal/track/${done.code}`)} data-testid="portal-follow">
              {t(m.follow)}
            </Button>,
            <Button
              key="again"
              onClick={() => {
                form.resetFields();
                setPoint(null);
                setDone(null);
              }}
            >
              {t(m.another)}
            </Button>,
          ]}
        />
      </Card>
    );
  }

  return (
    <Form<SubmitValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ photos: [] }} data-testid="portal-form">
      <Alert type="info" showIcon title={t(m.intro)} style={{ marginBottom: 12 }} />
      <Row gutter={[16, 0]}>
        <Col xs={24} lg={12}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form.Item name="categoryId" label={t(m.category)} rules={[{ required: true, message: t(m.categoryRequired) }]}>
              <Select size="large" options={options} loading={cats.loading} placeholder={t(m.categoryRequired)} data-testid="portal-category" />
            </Form.Item>
            <Form.Item name="description" label={t(m.description)} rules={[{ required: true, whitespace: true, min: 5, message: t(m.descriptionRequired) }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount data-testid="portal-description" />
            </Form.Item>
            <Form.Item name="address" label={t(m.address)}>
              <Input placeholder={t(m.addressPh)} maxLength={200} data-testid="portal-address" />
            </Form.Item>
            <Form.Item name="photos" label={t(m.photos)}>
              <PhotoPicker testId="portal-photos" />
            </Form.Item>
            <div style={{ fontWeight: 500, marginBottom: 8 }}>{t(m.contact)}</div>
            <Row gutter={12}>
              <Col xs={24} sm={10}>
                <Form.Item name="contactName" label={t(m.contactName)}>
                  <Input maxLength={50} autoComplete="name" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={14}>
                <Form.Item name="contactPhone" label={t(m.contactPhone)}>
                  <Input maxLength={30} inputMode="tel" autoComplete="tel" />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              {t(m.privacy)}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t(m.location)}
            style={{ marginBottom: 16 }}
            extra={
              <Button size="small" icon={<AimOutlined />} onClick={locate}>
                {t(m.useDevice)}
              </Button>
            }
          >
            {outlines.length ? (
              <GeoMap
                outlines={outlines}
                marker={point}
                onPick={(lng, lat) => setPoint([lng, lat])}
                style={{ width: '100%', height: 'min(55vh, 440px)', minHeight: 280 }}
                testId="portal-map"
                compact
              />
            ) : null}
            <div style={{ marginTop: 8, color: '#667085' }} data-testid="portal-location">
              {point ? (
                <Space>
                  <span className="zl-mono">
                    {point[0].toFixed(5)}, {point[1].toFixed(5)}
                  </span>
                  <Button size="small" type="link" onClick={() => setPoint(null)}>
                    ✕
                  </Button>
                </Space>
              ) : (
                t(m.tapMap)
              )}
            </div>
          </Card>
          {problem ? <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} data-testid="portal-problem" /> : null}
          <Button type="primary" htmlType="submit" size="large" block icon={<SendOutlined />} loading={busy} data-testid="portal-submit">
            {t(m.submit)}
          </Button>
        </Col>
      </Row>
    </Form>
  );
}

function TrackSearch({ initial = '' }: { initial?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  const valid = /^[A-Za-z0-9]{6,20}$/.test(code.trim());
  const go = () => valid && navigate(`/portal/track/${code.trim().toUpperCase()}`);
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 480 }}>
      <Input
        size="large"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        onPressEnter={go}
        placeholder={t(m.codePh)}
        className="zl-mono"
        status={code && !valid ? 'error' : undefined}
        data-testid="portal-code-input"
      />
      <Button size="large" type="primary" icon={<SearchOutlined />} onClick={go} disabled={!valid} data-testid="portal-code-find">
        {t(m.find)}
      </Button>
    </Space.Compact>
  );
}

function TrackHome() {
  const { t } = useI18n();
  const recent = savedCodes();
  return (
    <Card>
      <TrackSearch />
      {recent.length ? (
        <div style={{ marginTop: 16 }}>
          <div style={{ color: '#667085', marginBottom: 6 }}>{t(m.recent)}</div>
          <Space wrap>
            {recent.map((r) => (
              <Link key={r.code} to={`/portal/track/${r.code}`} className="zl-mono">
                <Tag>{r.code}</Tag>
              </Link>
            ))}
          </Space>
        </div>
      ) : null}
    </Card>
  );
}

function TrackPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const state = useApi((signal) => portalApi.track(code, signal), [code]);
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <TrackSearch key={code} initial={code} />
      </Card>
      {state.error && isApiError(state.error) && state.error.status === 404 ? (
        <Card>
          <Empty description={t(m.notFound)} />
        </Card>
      ) : state.error && !state.data ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : (
        <Async state={state}>{(c) => <TrackedCase c={c} onChange={state.reload} />}</Async>
      )}
    </>
  );
}

function TrackedCase({ c, onChange }: { c: Tracked; onChange(): void }) {
  const { t, lang } = useI18n();
  const status = c.status as EventStatus;
  const side = !FLOW.includes(status);
  const current = side ? (status === 'rejected' || status === 'merged' ? 1 : 2) : FLOW.indexOf(status);
  return (
    <Card data-testid="portal-case">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="portal-status">
          {label(c.status, lang)}
        </Tag>
      </Space>
      <div style={{ color: '#667085', display: 'flex', gap: 16, flexWrap: 'wrap', marginBottom: 16 }}>
        <span>
          {t(m.kind)}：{c.categoryName}
        </span>
        {c.address ? <span>{c.address}</span> : null}
        <span>
          {t(m.reportedAt)}：{formatDateTime(c.reportedAt)}
        </span>
        {c.closedAt ? (
          <span>
            {t(m.closedAt)}：{formatDateTime(c.closedAt)}
          </span>
        ) : null}
      </div>
      <div style={{ overflowX: 'auto', marginBottom: 16 }}>
        <Steps
          size="small"
          responsive={false}
          titlePlacement="vertical"
          current={current}
          status={side ? 'error' : status === 'closed' ? 'finish' : 'process'}
          items={FLOW.map((s, i) => ({ title: side && i === current ? label(c.status, lang) : label(s, lang) }))}
          style={{ minWidth: 560 }}
        />
      </div>
      <Typography.Title level={5}>{t(m.progress)}</Typography.Title>
      {c.notes.length === 0 ? (
        <Typography.Text type="secondary">{t(m.noNotes)}</Typography.Text>
      ) : (
        <Timeline
          data-testid="portal-notes"
          items={[...c.notes]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((n, i) => ({
              key: i,
              color: n.status === 'closed' ? 'green' : 'blue',
              content: (
                <div>
                  <div style={{ color: '#98a2b3', fontSize: 12 }}>{formatDateTime(n.at)}</div>
                  {n.status ? <Tag>{label(n.status, lang)}</Tag> : null}
                  {n.note}
                </div>
              ),
            }))}
        />
      )}
      {c.satisfaction !== null ? (
        <div style={{ marginTop: 12 }}>
          {t(m.rated)} <Rate disabled value={c.satisfaction} />
        </div>
      ) : null}
      {c.canRate ? <RateForm code={c.trackingCode} onDone={onChange} /> : null}
      {c.canReopen ? <ReopenForm code={c.trackingCode} onDone={onChange} /> : null}
    </Card>
  );
}

function RateForm({ code, onDone }: { code: string; onDone(): void }) {
  const { t } = useI18n();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await portalApi.rate(code, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      notifySuccess(t(m.thanks));
      onDone();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" type="inner" title={t(m.rateTitle)} style={{ marginTop: 16 }} data-testid="portal-rate">
      <Rate value={score} onChange={setScore} allowClear={false} />
      <Input.TextArea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t(m.rateComment)} maxLength={500} style={{ margin: '8px 0' }} />
      <Button type="primary" loading={busy} disabled={score < 1} onClick={() => void send()} data-testid="portal-rate-submit">
        {t(m.rateSubmit)}
      </Button>
    </Card>
  );
}

function ReopenForm({ code, onDone }: { code: string; onDone(): void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await portalApi.reopen(code, reason.trim());
      notifySuccess(t(m.reopened));
      onDone();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" type="inner" title={t(m.reopenTitle)} style={{ marginTop: 16 }}>
      <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t(m.reopenReason)} maxLength={500} style={{ marginBottom: 8 }} />
      <Button danger loading={busy} disabled={reason.trim().length < 2} onClick={() => void send()}>
        {t(m.reopenSubmit)}
      </Button>
    </Card>
  );
}

export default function PortalPage() {
  return (
    <Routes>
      <Route
        index
        element={
          <Shell tab="submit">
            <SubmitPage />
          </Shell>
        }
      />
      <Route
        path="track"
        element={
          <Shell tab="track">
            <TrackHome />
          </Shell>
        }
      />
      <Route
        path="track/:code"
        element={
          <Shell tab="track">
            <TrackPage />
          </Shell>
        }
      />
      <Route
        path="*"
        element={
          <Shell tab="submit">
            <SubmitPage />
          </Shell>
        }
      />
    </Routes>
  );
}
