// The signed-in frame: side menu (a drawer on phones), header with the user, role, language and account menu.
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Tag, type MenuProps } from 'antd';
import { createElement, lazy, Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { STAFF_ROLES } from '../../server/platform/auth/roles.ts';
import { notifyError } from '../shared/feedback.tsx';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { LanguageSwitch } from '../shared/language-switch.tsx';
import { roleLabel } from '../shared/roles.ts';
import { common, defineMessages, useI18n, type Translate } from './i18n.tsx';
import { flatMenu, visibleMenu, type MenuItemDef } from './menu.ts';
import { useMe, useSession } from './session.tsx';

const ChangePasswordModal = lazy(() => import('../features/auth/change-password.modal.tsx'));
const TotpModal = lazy(() => import('../features/auth/totp.modal.tsx'));

const m = defineMessages({
  account: { zh: '账户', en: 'Account' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  enableTotp: { zh: '启用双因素认证', en: 'Enable two-factor sign-in' },
  totpOn: { zh: '双因素认证已启用', en: 'Two-factor sign-in is on' },
  logout: { zh: '退出登录', en: 'Sign out' },
  loggedOut: { zh: '已退出登录', en: 'Signed out' },
  openMenu: { zh: '打开菜单', en: 'Open menu' },
});

function toAntItems(items: readonly MenuItemDef[], t: Translate): MenuProps['items'] {
  return items.map((i) => ({
    key: i.key,
    icon: createElement(i.icon),
    label: t(i.label),
    children: i.children ? toAntItems(i.children, t) : undefined,
  }));
}

/** The menu item whose path is the longest prefix of the current path. */
function selectedItem(pathname: string, items: MenuItemDef[]): MenuItemDef | undefined {
  let best: MenuItemDef | undefined;
  for (const i of items) {
    if (!i.path) continue;
    const hit = i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`);
    if (hit && (!best || i.path.length > (best.path?.length ?? 0))) best = i;
  }
  return best;
}

export function AppLayout() {
  const me = useMe();
  const { logout } = useSession();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [drawer, setDrawer] = useState(false);
  const [dialog, setDialog] = useState<'password' | 'totp' | null>(null);

  const menu = useMemo(() => visibleMenu(me.role), [me.role]);
  const flat = useMemo(() => flatMenu(menu), [menu]);
  const selected = selectedItem(location.pathname, flat);
  const openGroups = useMemo(() => menu.filter((g) => g.children?.some((c) => c.key === selected?.key)).map((g) => g.key), [menu, selected]);

  const onMenu: MenuProps['onClick'] = ({ key }) => {
    const item = flat.find((i) => i.key === key);
    if (item?.path) navigate(item.path);
    setDrawer(false);
  };

  const menuNode = (
    <Menu
      theme="dark"
      mode="inline"
      items={toAntItems(menu, t)}
      selectedKeys={selected ? [selected.key] : []}
      defaultOpenKeys={openGroups.length ? openGroups : ['admin']}
      onClick={onMenu}
      data-testid="side-menu"
    />
  );

  const brand = (
    <div className="zl-brand">
      <span className="zl-brand-mark">治</span>
      <span>{t(common.appName)}</span>
    </div>
  );

  const staff = STAFF_ROLES.includes(me.role);
  const accountItems: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t(m.changePassword) },
    ...(staff
      ? [{ key: 'totp', icon: <SafetyCertificateOutlined />, label: me.totpEnabled ? t(m.totpOn) : t(m.enableTotp), disabled: me.totpEnabled }]
      : []),
    { type: 'divider' as const },
    { key: 'logout', icon: <LogoutOutlined />, label: t(m.logout), danger: true },
  ];
  const onAccount: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setDialog('password');
    else if (key === 'totp') setDialog('totp');
    else if (key === 'logout') {
      logout().then(
        () => navigate('/login', { replace: true }),
        (e: unknown) => notifyError(e),
      );
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile ? (
        <Layout.Sider width={216} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          {brand}
          {menuNode}
        </Layout.Sider>
      ) : (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          {menuNode}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="zl-header">
          {mobile ? <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t(m.openMenu)} /> : null}
          <div style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: 500 }}>
            {me.jurisdictionName}
            <span className="zl-hide-sm" style={{ color: '#98a2b3', marginLeft: 8, fontWeight: 400 }}>
              {t(common.appFullName)}
            </span>
          </div>
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown menu={{ items: accountItems, onClick: onAccount }} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="account-menu" style={{ height: 44, display: 'flex', alignItems: 'center', gap: 8 }}>
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
              <span data-testid="current-user">{me.displayName}</span>
              <Tag color="blue" className="zl-hide-sm" style={{ marginInlineEnd: 0 }} data-testid="current-role">
                {roleLabel(me.role, lang)}
              </Tag>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="zl-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      <Suspense fallback={null}>
        {dialog === 'password' ? <ChangePasswordModal open onClose={() => setDialog(null)} /> : null}
        {dialog === 'totp' ? <TotpModal open onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </Layout>
  );
}
