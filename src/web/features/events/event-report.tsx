// 上报事件: the grid worker's patrol form (phone first): category, description, address, the location by
// tapping the grid map or from the device, up to 9 photos. Open events of the same category within 50 m
// and 7 days are shown before submitting. The command centre also records hotline calls here (source,
// caller). The submission carries an Idempotency-Key, so a retry after a network error files it once.
import { AimOutlined, ArrowLeftOutlined, EnvironmentOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Cascader, Col, Form, Input, List, Radio, Row, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe, useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { gridsApi } from '../grids/grids.api.ts';
import { eventsApi, type CreateEventInput, type Duplicate } from './events.api.ts';
import { CAN, categoryOptions, em, statusLabel, useCategories, useOutlines } from './events.shared.tsx';
import { GeoMap, outlinesBox } from './geo-map.tsx';
import { PhotoPicker } from './photo-picker.tsx';

const m = defineMessages({
  title: { zh: '上报事件', en: 'Report an event' },
  sub: { zh: '点击地图标出位置，或使用设备定位；可附最多 9 张照片。', en: 'Tap the map to mark the place, or use the device location; up to 9 photos.' },
  category: { zh: '事件分类', en: 'Category' },
  categoryRequired: { zh: '请选择事件分类', en: 'Choose a category' },
  titleLabel: { zh: '标题（可不填）', en: 'Title (optional)' },
  titleHelp: { zh: '不填时按“分类：描述前 30 字”生成', en: 'Defaults to the category and the start of the description' },
  description: { zh: '事件描述', en: 'Description' },
  descriptionRequired: { zh: '请描述事件情况（至少 2 个字）', en: 'Describe the event (2 characters or more)' },
  address: { zh: '地址', en: 'Address' },
  addressPh: { zh: '如：京津路 18 号门前', en: 'e.g. in front of No. 18 Jingjin Road' },
  location: { zh: '位置', en: 'Location' },
  tapMap: { zh: '点击地图标出事件位置', en: 'Tap the map to mark the place' },
  useDevice: { zh: '使用当前位置', en: 'Use my location' },
  noMapHint: { zh: '可使用当前位置，或在“地址”中写明地点', en: 'Use your location, or write the place under Address' },
  locating: { zh: '正在定位…', en: 'Locating…' },
  geoFailed: { zh: '无法获取位置：{e}', en: 'Cannot get the location: {e}' },
  geoUnsupported: { zh: '此设备不支持定位', en: 'This device cannot locate itself' },
  inGrid: { zh: '所在网格：{g}', en: 'Grid: {g}' },
  noGrid: { zh: '该位置不在任何网格内', en: 'This place is in no grid' },
  notMine: { zh: '该位置不在您负责的网格内，无法上报', en: 'This place is not in one of your grids' },
  locationRequired: { zh: '请在地图上标出位置，或使用当前位置', en: 'Mark the place on the map or use your location' },
  photos: { zh: '现场照片', en: 'Photos' },
  urgent: { zh: '紧急', en: 'Urgent' },
  source: { zh: '来源', en: 'Source' },
  contactName: { zh: '来电人姓名', en: 'Caller name' },
  contactPhone: { zh: '来电号码', en: 'Caller phone' },
  contactHelp: { zh: '号码加密保存，列表中脱敏显示', en: 'Stored encrypted; masked in lists' },
  duplicates: { zh: '附近 50 米内 7 天内有 {n} 件同类未办结事件，请确认是否重复：', en: '{n} open events of this category within 50 m in the last 7 days; is this a duplicate?' },
  dupConfirmTitle: { zh: '可能是重复事件', en: 'Possibly a duplicate' },
  dupConfirmText: { zh: '附近已有同类未办结事件。仍要上报吗？', en: 'There are open events of this category nearby. Report anyway?' },
  reportAnyway: { zh: '仍要上报', en: 'Report anyway' },
  submit: { zh: '提交上报', en: 'Submit' },
  done: { zh: '已上报 {code}', en: 'Reported {code}' },
  photoFailed: { zh: '事件已上报，但照片上传失败；可在事件页面补充照片', en: 'The event was filed but the photos failed; add them on its page' },
  meters: { zh: '{n} 米', en: '{n} m' },
  otherScope: { zh: '其他网格或部门的事件', en: 'Another grid’s or department’s event' },
});

interface FormValues {
  category?: number[];
  title?: string;
  description: string;
  address?: string;
  urgent?: boolean;
  source?: 'hotline' | 'public' | 'grid_worker';
  contactName?: string;
  contactPhone?: string;
  photos?: File[];
}

export default function ReportEventPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { me: session } = useSession();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const keyFor = useIdempotencyKey();
  const cats = useCategories();
  const withMap = CAN.grids(me.role);
  const outlines = useOutlines(withMap, me.role === 'grid_worker' ? me.gridIds : []);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [locError, setLocError] = useState<string | null>(null);
  const category = Form.useWatch('category', form);
  const categoryId = category?.length ? category[category.length - 1] : undefined;

  const grid = useApi(async (signal) => (point && withMap ? (await gridsApi.locate(point[0], point[1])).grid : null), [point?.join(','), withMap]);
  const dups = useApi(
    async (signal) => (point && categoryId ? eventsApi.duplicates({ categoryId, lng: point[0], lat: point[1] }, signal) : ([] as Duplicate[])),
    [point?.join(','), categoryId],
  );

  // A grid worker's map opens on their own grids.
  const focus = useMemo(() => {
    const list = outlines.data ?? [];
    return me.role === 'grid_worker' ? outlinesBox(list.filter((o) => me.gridIds.includes(o.id))) : null;
  }, [outlines.data, me.role, me.gridIds]);

  useEffect(() => setLocError(null), [point]);

  // The located grid, for a grid worker: must be theirs (a micro grid counts as its base grid on the server).
  const located = grid.data;
  const notMine = me.role === 'grid_worker' && !!point && !grid.loading && (!located || (located.level === 'base' && !me.gridIds.includes(located.id)));

  const useDevice = () => {
    if (!('geolocation' in navigator)) {
      setLocError(t(m.geoUnsupported));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint([Math.round(pos.coords.longitude * 1e6) / 1e6, Math.round(pos.coords.latitude * 1e6) / 1e6]);
      },
      (err) => {
        setLocating(false);
        setLocError(t(m.geoFailed, { e: err.message }));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (v: FormValues) => {
    if (me.role === 'grid_worker' && !point) {
      setLocError(t(m.locationRequired));
      return;
    }
    const body: CreateEventInput = {
      categoryId: categoryId!,
      description: v.description.trim(),
      ...(v.title?.trim() ? { title: v.title.trim() } : {}),
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(point ? { lng: point[0], lat: point[1] } : {}),
      ...(v.urgent ? { priority: 'urgent' as const } : {}),
      ...(me.role === 'dispatcher'
        ? {
            source: v.source ?? 'hotline',
            ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
            ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
          }
        : {}),
    };
    const open = (dups.data ?? []).length;
    if (open > 0) {
      const go = await modal.confirm({ title: t(m.dupConfirmTitle), content: t(m.dupConfirmText), okText: t(m.reportAnyway) });
      if (!go) return;
    }
    setBusy(true);
    try {
      const created = await eventsApi.create(body, keyFor(body));
      if (v.photos?.length) {
        try {
          await eventsApi.photos(created.id, 'report', v.photos, session?.csrfToken ?? null);
        } catch (e) {
          notifyError(e);
          notifyError(new Error(t(m.photoFailed)));
        }
      }
      notifySuccess(t(m.done, { code: created.code }));
      navigate(`/events/${created.id}`, { replace: true });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={
          <Space>
            <Link to="/events" aria-label={t(em.module)}>
              <ArrowLeftOutlined />
            </Link>
            {t(m.title)}
          </Space>
        }
        sub={t(m.sub)}
      />
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ source: 'hotline', photos: [] }} data-testid="report-form">
        <Row gutter={[16, 0]}>
          <Col xs={24} lg={12}>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="category" label={t(m.category)} rules={[{ required: true, message: t(m.categoryRequired) }]}>
                <Cascader
                  options={categoryOptions(cats.data ?? [])}
                  changeOnSelect
                  placeholder={t(m.categoryRequired)}
                  showSearch
                  size="large"
                  data-testid="report-category"
                />
              </Form.Item>
              <Form.Item
                name="description"
                label={t(m.description)}
                rules={[{ required: true, whitespace: true, min: 2, message: t(m.descriptionRequired) }]}
              >
                <Input.TextArea rows={4} maxLength={4000} showCount data-testid="report-description" />
              </Form.Item>
              <Form.Item name="title" label={t(m.titleLabel)} extra={t(m.titleHelp)}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="address" label={t(m.address)}>
                <Input prefix={<EnvironmentOutlined />} placeholder={t(m.addressPh)} maxLength={200} data-testid="report-address" />
              </Form.Item>
              {me.role === 'dispatcher' ? (
                <>
                  <Form.Item name="source" label={t(m.source)}>
                    <Radio.Group
                      options={(['hotline', 'public', 'grid_worker'] as const).map((s) => ({
                        value: s,
                        label: { hotline: { zh: '12345热线', en: '12345 hotline' }, public: { zh: '群众上报', en: 'Public' }, grid_worker: { zh: '网格员巡查', en: 'Grid worker' } }[s][lang],
                      }))}
                    />
                  </Form.Item>
                  <Row gutter={12}>
                    <Col xs={24} sm={12}>
                      <Form.Item name="contactName" label={t(m.contactName)}>
                        <Input maxLength={50} autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item name="contactPhone" label={t(m.contactPhone)} extra={t(m.contactHelp)}>
                        <Input maxLength={30} inputMode="tel" autoComplete="off" />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              ) : null}
              <Form.Item name="urgent" label={t(m.urgent)} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="photos" label={t(m.photos)}>
                <PhotoPicker testId="report-photos" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t(m.location)}
              style={{ marginBottom: 16 }}
              extra={
                <Button size="small" icon={<AimOutlined />} loading={locating} onClick={useDevice} data-testid="report-geolocate">
                  {locating ? t(m.locating) : t(m.useDevice)}
                </Button>
              }
            >
              {withMap ? (
                <GeoMap
                  outlines={outlines.data ?? []}
                  focus={focus}
                  marker={point}
                  onPick={(lng, lat) => setPoint([lng, lat])}
                  className="zl-map"
                  style={{ height: 'min(60vh, 480px)', minHeight: 300 }}
                  testId="report-map"
                  compact
                />
              ) : null}
              <div style={{ marginTop: 8 }} data-testid="report-location">
                {point ? (
                  <Space wrap>
                    <span className="zl-mono">
                      {point[0].toFixed(6)}, {point[1].toFixed(6)}
                    </span>
                    {withMap && !grid.loading ? (
                      located ? (
                        <Tag color={notMine ? 'red' : 'blue'} data-testid="report-grid">
                          {t(m.inGrid, { g: located.name })}
                        </Tag>
                      ) : (
                        <Tag color="red">{t(m.noGrid)}</Tag>
                      )
                    ) : null}
                    <Button size="small" type="link" onClick={() => setPoint(null)}>
                      ✕
                    </Button>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{withMap ? t(m.tapMap) : t(m.noMapHint)}</Typography.Text>
                )}
              </div>
              {notMine ? <Alert style={{ marginTop: 8 }} type="error" showIcon title={t(m.notMine)} /> : null}
              {locError ? <Alert style={{ marginTop: 8 }} type="warning" showIcon title={locError} /> : null}
            </Card>
            {(dups.data ?? []).length > 0 ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="report-duplicates"
                title={t(m.duplicates, { n: dups.data!.length })}
                description={
                  <List
                    size="small"
                    dataSource={dups.data}
                    renderItem={(d) => (
                      <List.Item style={{ paddingInline: 0 }}>
                        <span>
                          {d.id ? (
                            <Link to={`/events/${d.id}`} target="_blank" className="zl-mono">
                              {d.code}
                            </Link>
                          ) : null}{' '}
                          {d.id ? d.title : t(m.otherScope)}
                        </span>
                        <span style={{ color: '#667085' }}>
                          {statusLabel(d.status, lang)} · {t(m.meters, { n: d.distanceM })} · {formatDateTime(d.reportedAt)}
                        </span>
                      </List.Item>
                    )}
                  />
                }
              />
            ) : null}
          </Col>
        </Row>
        <div style={{ position: 'sticky', bottom: 0, background: '#f3f5f8', padding: '8px 0', zIndex: 5 }}>
          <Button type="primary" htmlType="submit" size="large" icon={<SendOutlined />} loading={busy} disabled={notMine} block data-testid="report-submit">
            {t(m.submit)}
          </Button>
        </div>
      </Form>
    </div>
  );
}
