// 企业服务 (双万双服): the statistics, the registry, the demand board and an enterprise's 360° view for staff;
// an enterprise's own portal for its contact. Tabs show what the role may use; the server checks every row.
import { Tabs } from 'antd';
import { Route, Routes, useSearchParams } from 'react-router';
import { useMe } from '../../app/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { Dashboard } from './dashboard.tsx';
import { DemandBoard, DemandPage } from './demands.tsx';
import { Registry } from './registry.tsx';
import { EnterpriseView } from './view.tsx';

function Portal() {
  const me = useMe();
  return (
    <>
      <PageHeader title="企业服务" sub={`${me.displayName}：在这里提交困难诉求、查看答复并评价办理结果`} />
      <DemandBoard portal />
    </>
  );
}

function Home() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  if (me.role === 'enterprise') return <Portal />;
  const figures = me.role === 'leader' || me.role === 'law_office' || me.role === 'enterprise_officer';
  const registry = me.role !== 'handler';
  const tabs = [
    ...(figures ? [{ key: 'figures', label: '统计', children: <Dashboard /> }] : []),
    { key: 'demands', label: '诉求看板', children: <DemandBoard /> },
    ...(registry ? [{ key: 'registry', label: '企业名录', children: <Registry /> }] : []),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? params.get('tab')! : tabs[0].key;
  return (
    <>
      <PageHeader title="企业服务" sub="双万双服：走访收集企业诉求、交办答复、招聘帮扶与银企对接" />
      <Tabs activeKey={active} onChange={(k) => setParams({ tab: k })} items={tabs} destroyOnHidden />
    </>
  );
}

export default function EnterprisePage() {
  return (
    <Routes>
      <Route index element={<Home />} />
      <Route path="enterprises/:id" element={<EnterpriseView />} />
      <Route path="demands/:id" element={<DemandPage />} />
      <Route path="portal/demands/:id" element={<DemandPage portal />} />
      <Route path="*" element={<Home />} />
    </Routes>
  );
}
