// 网格事件: the closed loop's pages below /events — my to-do, the list, the map, the figures, the categories
// (read-only here; the administrator edits them under 系统管理), the report form and one event's page.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Loading } from '../../shared/states.tsx';
import { CAN, em } from './events.shared.tsx';
import { EventList } from './event-list.tsx';
import { TodoList } from './todo-list.tsx';

const EventDetailPage = lazy(() => import('./event-detail.tsx'));
const ReportEventPage = lazy(() => import('./event-report.tsx'));
const EventMapView = lazy(() => import('./event-map.tsx'));
const EventStats = lazy(() => import('./event-stats.tsx'));
const CategoriesView = lazy(() => import('./categories.tsx'));

type Tab = 'todo' | 'list' | 'map' | 'stats' | 'categories';

function Section({ tab }: { tab: Tab }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const tabs: { value: Tab; label: string }[] = [
    ...(CAN.todo(me.role) ? [{ value: 'todo' as const, label: t(em.todo) }] : []),
    { value: 'list', label: t(em.list) },
    ...(CAN.grids(me.role) ? [{ value: 'map' as const, label: t(em.map) }] : []),
    ...(CAN.metrics(me.role) ? [{ value: 'stats' as const, label: t(em.stats) }] : []),
    ...(['leader', 'law_office', 'dispatcher'].includes(me.role) ? [{ value: 'categories' as const, label: t(em.categories) }] : []),
  ];
  if (!tabs.some((x) => x.value === tab)) return <Navigate to="/events" replace />;
  return (
    <div>
      <PageHeader
        title={t(em.module)}
        extra={
          CAN.create(me.role) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/events/new')} data-testid="event-report-open">
              {t(em.report)}
            </Button>
          ) : null
        }
      />
      <div style={{ overflowX: 'auto', marginBottom: 16 }}>
        <Segmented<Tab> value={tab} options={tabs} onChange={(v) => navigate(`/events/${v}`)} data-testid="events-tabs" />
      </div>
      <Suspense fallback={<Loading block />}>
        {tab === 'todo' ? <TodoList /> : null}
        {tab === 'list' ? <EventList /> : null}
        {tab === 'map' ? <EventMapView /> : null}
        {tab === 'stats' ? <EventStats /> : null}
        {tab === 'categories' ? <CategoriesView editable={false} /> : null}
      </Suspense>
    </div>
  );
}

function Landing() {
  const me = useMe();
  const { search } = useLocation();
  return <Navigate to={`/events/${CAN.todo(me.role) ? 'todo' : 'list'}${search}`} replace />;
}

export default function EventsPage() {
  return (
    <Suspense fallback={<Loading block />}>
      <Routes>
        <Route index element={<Landing />} />
        <Route path="todo" element={<Section tab="todo" />} />
        <Route path="list" element={<Section tab="list" />} />
        <Route path="map" element={<Section tab="map" />} />
        <Route path="stats" element={<Section tab="stats" />} />
        <Route path="categories" element={<Section tab="categories" />} />
        <Route path="new" element={<ReportEventPage />} />
        <Route path=":id" element={<EventDetailPage />} />
      </Routes>
    </Suspense>
  );
}
