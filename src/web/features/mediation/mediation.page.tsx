// 矛盾调处 (mediation centre): the reception desk, disputes, petitions, clues, the warnings board and the
// figures, each as a tab the role may use; case pages for disputes and petitions below /mediation.
import { Tabs } from 'antd';
import { Route, Routes, useSearchParams } from 'react-router';
import { useMe } from '../../app/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { useWorkYear } from '../../shared/work-year.ts';
import { CluesTab, WarningsBoard } from './clues-warnings.tsx';
import { Dashboard } from './dashboard.tsx';
import { DisputeList, DisputePage } from './disputes.tsx';
import { PetitionList, PetitionPage } from './petitions.tsx';
import { ReceptionDesk } from './reception.tsx';

function Home() {
  const me = useMe();
  const workYear = useWorkYear();
  const [params, setParams] = useSearchParams();
  const centre = me.role === 'mediator' || me.role === 'leader';
  const tabs = [
    ...(centre ? [{ key: 'desk', label: '接待登记', children: <ReceptionDesk /> }] : []),
    { key: 'disputes', label: '矛盾纠纷', children: <DisputeList /> },
    { key: 'petitions', label: '信访事项', children: <PetitionList /> },
    { key: 'clues', label: '线索共享', children: <CluesTab /> },
    ...(centre ? [{ key: 'warnings', label: '预警看板', children: <WarningsBoard /> }] : []),
    ...(centre ? [{ key: 'figures', label: '统计', children: <Dashboard initialYear={workYear} /> }] : []),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? params.get('tab')! : tabs[0].key;
  return (
    <>
      <PageHeader title="矛盾调处中心" sub="只进一扇门、最多跑一地：来访登记、纠纷调解、信访办理、线索共享与预警" />
      <Tabs activeKey={active} onChange={(k) => setParams({ tab: k })} items={tabs} destroyOnHidden />
    </>
  );
}

export default function MediationPage() {
  return (
    <Routes>
      <Route index element={<Home />} />
      <Route path="disputes/:id" element={<DisputePage />} />
      <Route path="petitions/:id" element={<PetitionPage />} />
      <Route path="*" element={<Home />} />
    </Routes>
  );
}
