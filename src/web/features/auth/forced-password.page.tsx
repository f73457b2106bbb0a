// After the first sign-in with a generated (or reset) password: nothing else is reachable until it is changed.
import { Alert, Button, Card, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { notifySuccess } from '../../shared/feedback.tsx';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { Loading } from '../../shared/states.tsx';
import { PasswordForm, pwMessages } from './password-form.tsx';

const m = defineMessages({
  title: { zh: '请修改初始密码', en: 'Change your initial password' },
  why: {
    zh: '为保障账户安全，首次登录（或密码被重置后）须设置只有您知道的新密码，然后才能使用系统。',
    en: 'For your account’s safety, set a new password only you know before using the system (first sign-in or after a reset).',
  },
  signedInAs: { zh: '当前账户：{name}', en: 'Signed in as {name}' },
  logout: { zh: '退出登录', en: 'Sign out' },
});

export default function ForcedPasswordPage() {
  const { t } = useI18n();
  const { status, me, accept, logout } = useSession();
  const navigate = useNavigate();
  if (status === 'loading') return <Loading block />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.pending === 'mfa') return <Navigate to="/login" replace />;
  if (me.pending !== 'password_change') return <Navigate to="/" replace />;
  return (
    <div className="zl-login-bg">
      <div className="zl-login-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16, color: '#fff' }}>
          <div style={{ fontSize: 20, fontWeight: 600 }}>{t(common.appName)}</div>
          <LanguageSwitch light />
        </div>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="forced-password-title">
            {t(m.title)}
          </Typography.Title>
          <Alert type="warning" showIcon title={t(m.why)} style={{ marginBottom: 16 }} />
          <Typography.Paragraph type="secondary">{t(m.signedInAs, { name: `${me.displayName}（${me.username}）` })}</Typography.Paragraph>
          <PasswordForm
            username={me.username}
            onDone={(next) => {
              accept(next);
              notifySuccess(t(pwMessages.changed));
              navigate('/', { replace: true });
            }}
          />
          <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout().then(() => navigate('/login', { replace: true }))}>
            {t(m.logout)}
          </Button>
        </Card>
      </div>
    </div>
  );
}
