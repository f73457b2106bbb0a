// Current password, new password twice, with the rules shown live. Used by the forced change after the
// first sign-in and by the account menu.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { authApi } from './auth.api.ts';
import { passwordAcceptable, PasswordRules } from './password-rules.tsx';

export const pwMessages = defineMessages({
  current: { zh: '当前密码', en: 'Current password' },
  currentHint: { zh: '首次登录请填写初始密码', en: 'At first sign-in, the initial password' },
  next: { zh: '新密码', en: 'New password' },
  repeat: { zh: '确认新密码', en: 'Repeat the new password' },
  mismatch: { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  weak: { zh: '新密码不符合要求', en: 'The new password does not meet the rules' },
  required: { zh: '请输入{field}', en: 'Enter the {field}' },
  submit: { zh: '修改密码', en: 'Change password' },
  changed: { zh: '密码已修改；其他设备上的登录已失效', en: 'Password changed; other sessions were signed out' },
});

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function PasswordForm({ username, onDone, submitLabel }: { username: string; onDone(me: Me): void; submitLabel?: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; lines: string[] } | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await authApi.changePassword(v.currentPassword, v.newPassword));
    } catch (e) {
      if (isApiError(e)) {
        const pw = Array.isArray(e.details.password) ? (e.details.password as { zh: string; en: string }[]) : [];
        setError({ message: e.message, lines: pw.map((p) => t(p)) });
      } else setError({ message: String(e), lines: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error.message}
          description={error.lines.length ? error.lines.map((l) => <div key={l}>{l}</div>) : undefined}
          style={{ marginBottom: 16 }}
          data-testid="password-error"
        />
      ) : null}
      <Form.Item
        name="currentPassword"
        label={t(pwMessages.current)}
        extra={t(pwMessages.currentHint)}
        rules={[{ required: true, message: t(pwMessages.required, { field: t(pwMessages.current) }) }]}
      >
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t(pwMessages.next)}
        rules={[
          { required: true, message: t(pwMessages.required, { field: t(pwMessages.next) }) },
          { validator: async (_r, v: string) => (!v || passwordAcceptable(v, username) ? undefined : Promise.reject(new Error(t(pwMessages.weak)))) },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <PasswordRules password={newPassword} username={username} />
      <Form.Item
        name="repeat"
        label={t(pwMessages.repeat)}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t(pwMessages.required, { field: t(pwMessages.repeat) }) },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string) => (!v || v === getFieldValue('newPassword') ? undefined : Promise.reject(new Error(t(pwMessages.mismatch)))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="repeat-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-password-submit">
        {submitLabel ?? t(pwMessages.submit)}
      </Button>
    </Form>
  );
}
