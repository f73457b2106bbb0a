// Enrolling a second factor: the server makes a secret; the user adds it to an authenticator app (by the
// otpauth URI, its QR code drawn locally, or the secret typed in) and confirms with a first code.
import { Alert, Button, Form, Input, Modal, QRCode, Steps, Typography } from 'antd';
import { useState } from 'react';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { authApi } from './auth.api.ts';

const m = defineMessages({
  title: { zh: '启用双因素认证', en: 'Enable two-factor sign-in' },
  intro: {
    zh: '启用后，每次登录除密码外还需输入身份验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator）生成的 6 位动态验证码。',
    en: 'Once on, each sign-in also asks for the 6-digit code of an authenticator app (FreeOTP, Google or Microsoft Authenticator…).',
  },
  begin: { zh: '开始绑定', en: 'Begin' },
  stepAdd: { zh: '添加到验证器', en: 'Add to the app' },
  stepConfirm: { zh: '输入验证码确认', en: 'Confirm with a code' },
  scan: { zh: '用验证器扫描二维码，或手动输入下面的密钥：', en: 'Scan the code with the app, or type the secret below:' },
  secret: { zh: '密钥', en: 'Secret' },
  uri: { zh: 'otpauth 链接', en: 'otpauth URI' },
  code: { zh: '验证器显示的 6 位验证码', en: 'The 6-digit code the app shows' },
  needCode: { zh: '请输入 6 位数字验证码', en: 'Enter the 6-digit code' },
  confirm: { zh: '确认启用', en: 'Turn on' },
  enabled: { zh: '双因素认证已启用', en: 'Two-factor sign-in is on' },
  keep: { zh: '密钥只显示这一次，请勿截图外传。', en: 'The secret is shown once; keep it private.' },
});

export default function TotpModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const begin = async () => {
    setBusy(true);
    try {
      setEnrol(await authApi.beginTotp());
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (v: { code: string }) => {
    setBusy(true);
    try {
      await authApi.confirmTotp(v.code);
      notifySuccess(t(m.enabled));
      await refresh();
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} title={t(m.title)} footer={null} destroyOnHidden width={520}>
      <Typography.Paragraph>{t(m.intro)}</Typography.Paragraph>
      {!enrol ? (
        <Button type="primary" loading={busy} onClick={() => void begin()} data-testid="totp-begin">
          {t(m.begin)}
        </Button>
      ) : (
        <>
          <Steps size="small" current={1} items={[{ title: t(m.stepAdd) }, { title: t(m.stepConfirm) }]} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>{t(m.scan)}</Typography.Paragraph>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
            <QRCode value={enrol.otpauthUri} size={148} bordered />
            <div style={{ flex: 1, minWidth: 200 }}>
              <div style={{ color: '#667085' }}>{t(m.secret)}</div>
              <Typography.Text copyable className="zl-mono" strong data-testid="totp-secret">
                {enrol.secret}
              </Typography.Text>
              <div style={{ color: '#667085', marginTop: 8 }}>{t(m.uri)}</div>
              <Typography.Text copyable className="zl-mono" style={{ fontSize: 12 }} data-testid="totp-uri">
                {enrol.otpauthUri}
              </Typography.Text>
            </div>
          </div>
          <Alert type="info" showIcon title={t(m.keep)} style={{ margin: '12px 0' }} />
          <Form layout="vertical" requiredMark={false} onFinish={confirm}>
            <Form.Item name="code" label={t(m.code)} rules={[{ required: true, pattern: /^\d{6}$/, message: t(m.needCode) }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" style={{ letterSpacing: 6, maxWidth: 200 }} data-testid="totp-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
              {t(m.confirm)}
            </Button>
          </Form>
        </>
      )}
    </Modal>
  );
}
