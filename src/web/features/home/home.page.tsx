// 工作台: greeting, the user's role and unit, quick links to the modules the role may use, then the
// cards other modules register in app/home-cards.tsx.
import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Col, Row, Tag, Typography } from 'antd';
import { createElement, Suspense } from 'react';
import { Link } from 'react-router';
import { cardsFor } from '../../app/home-cards.tsx';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { flatMenu, visibleMenu } from '../../app/menu.ts';
import { useMe } from '../../app/session.tsx';
import { formatDate, shanghaiHour } from '../../shared/format.ts';
import { roleLabel } from '../../shared/roles.ts';
import { EmptyState, Loading } from '../../shared/states.tsx';
import { WorkYearControl } from './work-year.control.tsx';

const m = defineMessages({
  morning: { zh: '早上好', en: 'Good morning' },
  forenoon: { zh: '上午好', en: 'Good morning' },
  afternoon: { zh: '下午好', en: 'Good afternoon' },
  evening: { zh: '晚上好', en: 'Good evening' },
  today: { zh: '今天是 {date}', en: 'Today is {date}' },
  quickLinks: { zh: '快捷入口', en: 'Quick links' },
  noLinks: { zh: '您的角色暂无可用模块，请联系系统管理员。', en: 'No module is open to your role yet; ask the administrator.' },
});

function greeting(hour: number) {
  if (hour < 9) return m.morning;
  if (hour < 12) return m.forenoon;
  if (hour < 18) return m.afternoon;
  return m.evening;
}

export default function HomePage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const links = flatMenu(visibleMenu(me.role)).filter((i) => i.path && i.path !== '/');
  const cards = cardsFor(me.role);
  return (
    <div>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="greeting">
          {t(greeting(shanghaiHour()))}，{me.displayName}
        </Typography.Title>
        <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', color: '#667085' }}>
          <Tag color="blue">{roleLabel(me.role, lang)}</Tag>
          {me.orgUnitName ? <span>{me.orgUnitName}</span> : null}
          <span>{me.jurisdictionName}</span>
          <span>· {t(m.today, { date: formatDate(new Date()) })}</span>
          <WorkYearControl />
        </div>
      </Card>
      <Card title={t(m.quickLinks)} style={{ marginBottom: 16 }} size="small">
        {links.length === 0 ? (
          <EmptyState description={t(m.noLinks)} />
        ) : (
          <Row gutter={[12, 12]}>
            {links.map((i) => (
              <Col key={i.key} xs={12} sm={8} md={6} xl={4}>
                <Link to={i.path!} data-testid={`quick-${i.key}`}>
                  <Card hoverable size="small" styles={{ body: { display: 'flex', alignItems: 'center', gap: 10 } }}>
                    <span style={{ fontSize: 20, color: '#1f5fbf' }}>{createElement(i.icon)}</span>
                    <span style={{ flex: 1, color: '#1d2939' }}>{t(i.label)}</span>
                    <ArrowRightOutlined style={{ color: '#98a2b3' }} />
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        )}
      </Card>
      {cards.length > 0 ? (
        <Row gutter={[16, 16]}>
          {cards.map((c) => {
            const CardComponent = c.card;
            return (
              <Col key={c.key} xs={24} lg={c.wide ? 24 : 12}>
                <Suspense fallback={<Card size="small"><Loading /></Card>}>
                  <CardComponent />
                </Suspense>
              </Col>
            );
          })}
        </Row>
      ) : null}
    </div>
  );
}
