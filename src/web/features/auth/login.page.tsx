// Sign-in: user name and password; then the authenticator code when the account has a second factor.
// A forced password change (first sign-in with a generated password) continues on /change-password.
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { common, defineMessages, useI18n } from '../../app/i18n.tsx';
import { safeNext } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { LanguageSwitch } from '../../shared/language-switch.tsx';
import { Loading } from '../../shared/states.tsx';
import { authApi } from './auth.api.ts';

const m = defineMessages({
  title: { zh: '登录', en: 'Sign in' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  needUsername: { zh: '请输入用户名', en: 'Enter your user name' },
  needPassword: { zh: '请输入密码', en: 'Enter your password' },
  submit: { zh: '登录', en: 'Sign in' },
  mfaTitle: { zh: '双因素认证', en: 'Second factor' },
  mfaHint: { zh: '请打开身份验证器应用，输入显示的 6 位动态验证码。', en: 'Open your authenticator app and enter the 6-digit code it shows.' },
  code: { zh: '动态验证码', en: 'Code' },
  needCode: { zh: '请输入 6 位数字验证码', en: 'Enter the 6-digit code' },
  verify: { zh: '验证', en: 'Verify' },
  otherAccount: { zh: '使用其他账户登录', en: 'Use another account' },
  footer: { zh: '仅限授权人员使用；所有操作均记入审计日志。', en: 'Authorised staff only; every action is audited.' },
  portal: { zh: '群众反映问题、查询办理进度，请点此进入（无需登录）', en: 'Members of the public: report a problem or follow one here (no sign-in)' },
  reports: { zh: '查阅已公开的法治政府建设情况报告', en: 'Read the published rule-of-law government reports' },
});

export default function LoginPage() {
  const { t } = useI18n();
  const { status, me, accept, logout } = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (status === 'loading') return <Loading block />;
  if (me?.pending === 'password_change') return <Navigate to="/change-password" replace />;
  if (me && !me.pending) return <Navigate to={next} replace />;
  const mfa = me?.pending === 'mfa';

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      if (isApiError(e) && e.status > 0 && e.status < 500) setError(e.message);
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="zl-login-bg">
      <div className="zl-login-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16, color: '#fff' }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
            <span className="zl-brand-mark" style={{ background: '#fff', color: '#1f5fbf' }}>
              治
            </span>
            <div>
              <div style={{ fontSize: 20, fontWeight: 600 }}>{t(common.appName)}</div>
              <div style={{ fontSize: 12, opacity: 0.85 }}>{t(common.appFullName)}</div>
            </div>
          </div>
          <LanguageSwitch light />
        </div>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {mfa ? t(m.mfaTitle) : t(m.title)}
          </Typography.Title>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
          {mfa ? (
            <Form
              key="mfa"
              layout="vertical"
              requiredMark={false}
              onFinish={(v: { code: string }) => run(async () => accept(await authApi.mfa(v.code)))}
            >
              <Typography.Paragraph type="secondary">{t(m.mfaHint)}</Typography.Paragraph>
              <Form.Item name="code" label={t(m.code)} rules={[{ required: true, pattern: /^\d{6}$/, message: t(m.needCode) }]}>
                <Input
                  prefix={<SafetyCertificateOutlined />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  size="large"
                  autoFocus
                  style={{ letterSpacing: 6 }}
                  data-testid="mfa-code"
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="mfa-submit">
                {t(m.verify)}
              </Button>
              <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()}>
                {t(m.otherAccount)}
              </Button>
            </Form>
          ) : (
            <Form
              key="password"
              layout="vertical"
              requiredMark={false}
              onFinish={(v: { username: string; password: string }) => run(async () => accept(await authApi.login(v.username.trim(), v.password)))}
            >
              <Form.Item name="username" label={t(m.username)} rules={[{ required: true, whitespace: true, message: t(m.needUsername) }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t(m.password)} rules={[{ required: true, message: t(m.needPassword) }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
                {t(m.submit)}
              </Button>
            </Form>
          )}
        </Card>
        <div style={{ color: 'rgba(255,255,255,0.8)', fontSize: 12, textAlign: 'center', marginTop: 16 }}>{t(m.footer)}</div>
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Link to="/portal" style={{ color: '#fff', textDecoration: 'underline' }} data-testid="login-portal-link">
            {t(m.portal)}
          </Link>
        </div>
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Link to="/portal/reports" style={{ color: '#fff', textDecoration: 'underline' }} data-testid="login-reports-link">
            {t(m.reports)}
          </Link>
        </div>
      </div>
    </div>
  );
}
