// 用户管理: search and filter users, create and edit them (administrator), disable and enable (administrator),
// reset passwords and unlock accounts (administrator and security administrator), remove a lost second
// factor (security administrator). The buttons follow the server's policy table; the server decides.
import { DownOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Dropdown, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { grantableRoleOptions, roleLabel, roleOptions, SEPARATE_DUTY_ROLES } from '../../shared/roles.ts';
import { EmptyState, ErrorState } from '../../shared/states.tsx';
import { usePaging } from '../../shared/table.ts';
import { useApi } from '../../shared/use-api.ts';
import { useIdempotencyKey } from '../../shared/use-idempotency.ts';
import { orgUnitsApi } from '../org-units/org-units.api.ts';
import { usersApi, type UserCreate, type UserRow } from './users.api.ts';

const m = defineMessages({
  title: { zh: '用户管理', en: 'Users' },
  sub: { zh: '账户、角色与所属机构；停用账户会立即结束其所有登录。', en: 'Accounts, roles and units; disabling an account ends all its sessions at once.' },
  newUser: { zh: '新建用户', en: 'New user' },
  editUser: { zh: '编辑用户', en: 'Edit user' },
  searchPh: { zh: '用户名或姓名', en: 'User name or name' },
  role: { zh: '角色', en: 'Role' },
  orgUnit: { zh: '所属机构', en: 'Unit' },
  username: { zh: '用户名', en: 'User name' },
  usernameRule: { zh: '3–32 位小写字母、数字或 _.-，以字母或数字开头', en: '3–32 lower-case letters, digits or _.- , starting with a letter or digit' },
  displayName: { zh: '姓名', en: 'Name' },
  phone: { zh: '手机号', en: 'Mobile' },
  phoneRule: { zh: '请输入手机号或带区号的固定电话', en: 'Enter a mobile or landline number' },
  phoneKeep: { zh: '留空则不修改', en: 'Leave empty to keep' },
  enterpriseId: { zh: '企业编号', en: 'Enterprise id' },
  initialPassword: { zh: '初始密码', en: 'Initial password' },
  initialPasswordHint: { zh: '留空由系统生成；用户首次登录时必须修改。', en: 'Leave empty to generate one; the user must change it at first sign-in.' },
  status: { zh: '状态', en: 'Status' },
  active: { zh: '正常', en: 'Active' },
  disabled: { zh: '已停用', en: 'Disabled' },
  locked: { zh: '已锁定', en: 'Locked' },
  mustChange: { zh: '待改密', en: 'Must change password' },
  totp: { zh: '双因素', en: '2FA' },
  lastLogin: { zh: '最近登录', en: 'Last sign-in' },
  more: { zh: '更多', en: 'More' },
  disable: { zh: '停用', en: 'Disable' },
  enable: { zh: '启用', en: 'Enable' },
  unlock: { zh: '解锁', en: 'Unlock' },
  resetPassword: { zh: '重置密码', en: 'Reset password' },
  resetTotp: { zh: '重置双因素认证', en: 'Reset 2FA' },
  confirmDisable: { zh: '停用用户“{name}”？其所有登录将立即失效。', en: 'Disable “{name}”? All their sessions end at once.' },
  confirmReset: { zh: '为“{name}”重置密码？系统将生成临时密码，用户下次登录时必须修改。', en: 'Reset the password of “{name}”? A temporary password is generated and must be changed at next sign-in.' },
  confirmTotp: { zh: '移除“{name}”的双因素认证？请先核实本人身份。', en: 'Remove the second factor of “{name}”? Verify their identity first.' },
  revokeSessions: { zh: '结束全部登录', en: 'End all sessions' },
  confirmRevoke: { zh: '结束“{name}”在所有设备上的登录？', en: 'End every session of “{name}”?' },
  revoked: { zh: '已结束 {n} 个登录', en: '{n} sessions ended' },
  revealPhone: { zh: '查看完整手机号', en: 'Show the whole number' },
  revealTitle: { zh: '查看完整手机号 · {name}', en: 'Whole phone number · {name}' },
  revealReason: { zh: '查看原因（记入审计日志）', en: 'Reason (goes to the audit log)' },
  revealReasonRule: { zh: '请说明原因（2–200 字）', en: 'Give a reason (2–200 characters)' },
  reveal: { zh: '查看', en: 'Show' },
  dutyRolesHint: {
    zh: '安全管理员、审计管理员账户须由运维人员在服务器上用 zhili user add 创建（三员分立）。',
    en: 'Security and audit administrator accounts are created at the server with zhili user add (separation of duties).',
  },
  passwordTitle: { zh: '请将密码告知用户', en: 'Give this password to the user' },
  passwordNote: { zh: '此密码只显示这一次；用户首次登录时必须修改。', en: 'Shown only once; the user must change it at first sign-in.' },
  created: { zh: '用户已创建', en: 'User created' },
  noUsers: { zh: '没有符合条件的用户', en: 'No matching users' },
  required: { zh: '必填', en: 'Required' },
  none: { zh: '（无）', en: '(none)' },
});

interface FormValues {
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number | null;
  enterpriseId?: number | null;
  phone?: string;
  password?: string;
}

export default function UsersPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const canManage = me.role === 'admin';
  const canReset = me.role === 'admin' || me.role === 'security_admin';
  const canResetTotp = me.role === 'security_admin';
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<{ q: string; role?: Role; orgUnitId?: number; disabled?: boolean }>({ q: '' });
  const { paging, toFirst, pagination } = usePaging();
  const users = useApi((signal) => usersApi.list({ ...filters, page: paging.page, pageSize: paging.pageSize, sort: 'username', order: 'asc' }, signal), [filters, paging]);
  const units = useApi((signal) => orgUnitsApi.all(signal), []);
  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [shownPassword, setShownPassword] = useState<{ name: string; password: string } | null>(null);
  const [revealFor, setRevealFor] = useState<UserRow | null>(null);
  const [modal, modalHolder] = Modal.useModal();

  const unitOptions = useMemo(
    () => (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
    [units.data],
  );

  const applyFilters = (next: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    toFirst();
  };

  const act = async (fn: () => Promise<unknown>, user: UserRow, okText: string) => {
    try {
      const r = await fn();
      const pw = r && typeof r === 'object' && 'temporaryPassword' in r ? (r as { temporaryPassword: string | null }).temporaryPassword : null;
      if (pw) setShownPassword({ name: user.displayName, password: pw });
      else notifySuccess(okText);
      users.reload();
    } catch (e) {
      notifyError(e);
      if (isApiError(e) && e.status === 409) users.reload();
    }
  };

  const confirm = (content: string, onOk: () => Promise<void>, danger = true) =>
    modal.confirm({ title: t(common.confirm), content, okButtonProps: { danger }, onOk, okText: t(common.confirm), cancelText: t(common.cancel) });

  const rowActions = (u: UserRow) => {
    const items = [
      ...(canManage
        ? [
            u.disabled
              ? { key: 'enable', label: t(m.enable) }
              : { key: 'disable', label: t(m.disable), danger: true, disabled: u.id === me.id },
          ]
        : []),
      // The administrator may not reset the security or audit administrators' passwords (三员分立).
      ...(canReset && !(me.role === 'admin' && SEPARATE_DUTY_ROLES.includes(u.role)) && u.id !== me.id ? [{ key: 'reset', label: t(m.resetPassword) }] : []),
      ...(canReset && u.locked ? [{ key: 'unlock', label: t(m.unlock) }] : []),
      ...(canResetTotp && u.totpEnabled ? [{ key: 'totp', label: t(m.resetTotp), danger: true }] : []),
      ...(canReset ? [{ key: 'revoke', label: t(m.revokeSessions) }] : []),
      ...(canReset && u.phoneMasked ? [{ key: 'phone', label: t(m.revealPhone) }] : []),
    ];
    const onClick = ({ key }: { key: string }) => {
      if (key === 'enable') void act(() => usersApi.enable(u), u, t(common.done));
      if (key === 'disable') confirm(t(m.confirmDisable, { name: u.displayName }), () => act(() => usersApi.disable(u), u, t(common.done)));
      if (key === 'reset') confirm(t(m.confirmReset, { name: u.displayName }), () => act(() => usersApi.resetPassword(u), u, t(common.done)), false);
      if (key === 'unlock') void act(() => usersApi.unlock(u), u, t(common.done));
      if (key === 'totp') confirm(t(m.confirmTotp, { name: u.displayName }), () => act(() => usersApi.resetTotp(u), u, t(common.done)));
      if (key === 'revoke') {
        confirm(t(m.confirmRevoke, { name: u.displayName }), async () => {
          try {
            const r = await usersApi.revokeSessions(u);
            notifySuccess(t(m.revoked, { n: r.revoked }));
          } catch (e) {
            notifyError(e);
          }
        });
      }
      if (key === 'phone') setRevealFor(u);
    };
    return (
      <Space size={4}>
        {canManage ? (
          <Button type="link" size="small" onClick={() => setEditing(u)} data-testid={`edit-user-${u.username}`}>
            {t(common.edit)}
          </Button>
        ) : null}
        {items.length > 0 ? (
          <Dropdown menu={{ items, onClick }} trigger={['click']}>
            <Button type="link" size="small">
              {t(m.more)} <DownOutlined />
            </Button>
          </Dropdown>
        ) : null}
      </Space>
    );
  };

  const columns: TableColumnsType<UserRow> = [
    { title: t(m.username), dataIndex: 'username', width: 140, render: (v: string) => <span className="zl-mono">{v}</span> },
    { title: t(m.displayName), dataIndex: 'displayName', width: 120 },
    { title: t(m.role), dataIndex: 'role', width: 130, render: (r: Role) => <Tag color="blue">{roleLabel(r, lang)}</Tag> },
    { title: t(m.orgUnit), dataIndex: 'orgUnitName', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t(m.phone), dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t(m.status),
      key: 'status',
      width: 170,
      render: (_: unknown, u) => (
        <Space size={[4, 4]} wrap>
          {u.disabled ? <Tag color="default">{t(m.disabled)}</Tag> : <Tag color="green">{t(m.active)}</Tag>}
          {u.locked ? <Tag color="red">{t(m.locked)}</Tag> : null}
          {u.mustChangePassword ? <Tag color="orange">{t(m.mustChange)}</Tag> : null}
          {u.totpEnabled ? <Tag color="cyan">{t(m.totp)}</Tag> : null}
        </Space>
      ),
    },
    { title: t(m.lastLogin), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    { title: t(common.actions), key: 'actions', fixed: 'right', width: 150, render: (_: unknown, u) => rowActions(u) },
  ];

  return (
    <div>
      {modalHolder}
      <PageHeader
        title={t(m.title)}
        sub={t(m.sub)}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={users.reload}>
              {t(common.reload)}
            </Button>
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-user">
                {t(m.newUser)}
              </Button>
            ) : null}
          </>
        }
      />
      <Card size="small">
        <div className="zl-filters">
          <Input.Search
            placeholder={t(m.searchPh)}
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => applyFilters({ q: v.trim() })}
            style={{ width: 220 }}
            enterButton={<SearchOutlined />}
            data-testid="user-search"
          />
          <Select
            allowClear
            placeholder={t(m.role)}
            options={roleOptions(lang)}
            value={filters.role}
            onChange={(v?: Role) => applyFilters({ role: v })}
            style={{ width: 160 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t(m.orgUnit)}
            options={unitOptions}
            loading={units.loading}
            value={filters.orgUnitId}
            onChange={(v?: number) => applyFilters({ orgUnitId: v })}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t(m.status)}
            value={filters.disabled === undefined ? undefined : filters.disabled ? 'disabled' : 'active'}
            onChange={(v?: string) => applyFilters({ disabled: v === undefined ? undefined : v === 'disabled' })}
            options={[
              { value: 'active', label: t(m.active) },
              { value: 'disabled', label: t(m.disabled) },
            ]}
            style={{ width: 120 }}
          />
          <Button
            onClick={() => {
              setQ('');
              applyFilters({ q: '', role: undefined, orgUnitId: undefined, disabled: undefined });
            }}
          >
            {t(common.reset)}
          </Button>
        </div>
        {users.error && !users.data ? (
          <ErrorState error={users.error} onRetry={users.reload} />
        ) : (
          <Table<UserRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={users.data?.items ?? []}
            loading={users.loading}
            pagination={pagination(users.data?.total, t)}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <EmptyState description={t(m.noUsers)} /> }}
            data-testid="users-table"
          />
        )}
      </Card>
      {editing !== null ? (
        <UserDrawer
          user={editing === 'new' ? null : editing}
          unitOptions={unitOptions}
          onClose={() => setEditing(null)}
          onSaved={(pw, name) => {
            setEditing(null);
            users.reload();
            if (pw) setShownPassword({ name, password: pw });
          }}
        />
      ) : null}
      {revealFor ? <RevealPhoneModal user={revealFor} onClose={() => setRevealFor(null)} /> : null}
      <Modal
        open={shownPassword !== null}
        title={t(m.passwordTitle)}
        onCancel={() => setShownPassword(null)}
        footer={<Button type="primary" onClick={() => setShownPassword(null)}>{t(common.close)}</Button>}
      >
        {shownPassword ? (
          <>
            <Typography.Paragraph>{shownPassword.name}</Typography.Paragraph>
            <Typography.Text copyable strong className="zl-mono" style={{ fontSize: 18 }} data-testid="one-time-password">
              {shownPassword.password}
            </Typography.Text>
            <Alert type="warning" showIcon title={t(m.passwordNote)} style={{ marginTop: 12 }} />
          </>
        ) : null}
      </Modal>
    </div>
  );
}

function UserDrawer({
  user,
  unitOptions,
  onClose,
  onSaved,
}: {
  user: UserRow | null;
  unitOptions: { value: number; label: string }[];
  onClose(): void;
  onSaved(password: string | null, name: string): void;
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const role = Form.useWatch('role', form);
  // A security or audit administrator's role is fixed for the system administrator, and nobody changes their own.
  const roleLocked = !!user && (user.id === me.id || (me.role === 'admin' && SEPARATE_DUTY_ROLES.includes(user.role)));
  const roleChoices = roleLocked ? roleOptions(lang) : grantableRoleOptions(me.role, lang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idemKey = useIdempotencyKey();

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const phone = v.phone?.trim() ? v.phone.trim() : undefined;
      if (user) {
        await usersApi.update(user.id, {
          displayName: v.displayName.trim(),
          role: v.role,
          orgUnitId: v.orgUnitId ?? null,
          ...(v.role === 'enterprise' ? { enterpriseId: v.enterpriseId ?? null } : {}),
          ...(phone ? { phone } : {}),
          version: user.version,
        });
        notifySuccess(t(common.saved));
        onSaved(null, v.displayName);
      } else {
        const body: UserCreate = {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          orgUnitId: v.orgUnitId ?? null,
          ...(v.role === 'enterprise' && v.enterpriseId ? { enterpriseId: v.enterpriseId } : {}),
          ...(phone ? { phone } : {}),
          ...(v.password ? { password: v.password } : {}),
        };
        const r = await usersApi.create(body, idemKey(body));
        notifySuccess(t(m.created));
        onSaved(r.temporaryPassword, v.displayName);
      }
    } catch (e) {
      if (isApiError(e) && e.status < 500 && e.status > 0) setError(e.message);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      title={user ? t(m.editUser) : t(m.newUser)}
      onClose={onClose}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t(common.cancel)}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="user-save">
            {t(common.save)}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="user-form-error" /> : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          user
            ? { username: user.username, displayName: user.displayName, role: user.role, orgUnitId: user.orgUnitId, enterpriseId: user.enterpriseId }
            : { role: 'handler', orgUnitId: null }
        }
      >
        <Form.Item
          name="username"
          label={t(m.username)}
          extra={user ? undefined : t(m.usernameRule)}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_.-]{2,31}$/, message: t(m.usernameRule) }]}
        >
          <Input disabled={!!user} autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t(m.displayName)} rules={[{ required: true, whitespace: true, max: 50, message: t(m.required) }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t(m.role)}
          extra={user ? undefined : me.role === 'admin' ? t(m.dutyRolesHint) : undefined}
          rules={[{ required: true, message: t(m.required) }]}
        >
          <Select options={roleChoices} disabled={roleLocked} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t(m.orgUnit)}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t(m.none)} data-testid="user-org-unit" />
        </Form.Item>
        {role === 'enterprise' ? (
          <Form.Item name="enterpriseId" label={t(m.enterpriseId)}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="phone"
          label={t(m.phone)}
          extra={user?.phoneMasked ? `${user.phoneMasked} · ${t(m.phoneKeep)}` : undefined}
          rules={[{ pattern: /^[0-9+()\s-]{3,30}$/, message: t(m.phoneRule) }]}
        >
          <Input inputMode="tel" maxLength={30} autoComplete="off" />
        </Form.Item>
        {!user ? (
          <Form.Item name="password" label={t(m.initialPassword)} extra={t(m.initialPasswordHint)}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}



/** The whole phone number, shown only after a reason is given (the server writes both to the audit log). */
function RevealPhoneModal({ user, onClose }: { user: UserRow; onClose(): void }) {
  const { t } = useI18n();
  const [phone, setPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reason: string }) => {
    setBusy(true);
    try {
      setPhone((await usersApi.revealPhone(user, v.reason.trim())).phone ?? '—');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t(m.revealTitle, { name: user.displayName })} onCancel={onClose} footer={null} destroyOnHidden>
      {phone === null ? (
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="reason" label={t(m.revealReason)} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t(m.revealReasonRule) }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t(m.reveal)}
          </Button>
        </Form>
      ) : (
        <Typography.Text copyable strong className="zl-mono" style={{ fontSize: 18 }}>
          {phone}
        </Typography.Text>
      )}
    </Modal>
  );
}
