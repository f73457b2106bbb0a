// The password rules beside the field, ticked as the user types. The server applies the same rules
// (and a list of notorious passwords) and has the last word.
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { defineMessages, useI18n } from '../../app/i18n.tsx';

export const passwordMessages = defineMessages({
  title: { zh: '密码要求', en: 'Password rules' },
  length: { zh: '至少 10 个字符', en: 'At least 10 characters' },
  classes: { zh: '包含大写字母、小写字母、数字、符号中的至少三类', en: 'At least three of: upper case, lower case, digits, symbols' },
  noUsername: { zh: '不能包含用户名', en: 'Must not contain the user name' },
});

export function passwordChecks(password: string, username: string) {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return {
    length: password.length >= 10,
    classes: classes >= 3,
    noUsername: password.length > 0 && !(username && password.toLowerCase().includes(username.toLowerCase())),
  };
}

export function passwordAcceptable(password: string, username: string): boolean {
  const c = passwordChecks(password, username);
  return c.length && c.classes && c.noUsername;
}

export function PasswordRules({ password, username }: { password: string; username: string }) {
  const { t } = useI18n();
  const checks = passwordChecks(password, username);
  const rows: [keyof typeof checks, string][] = [
    ['length', t(passwordMessages.length)],
    ['classes', t(passwordMessages.classes)],
    ['noUsername', t(passwordMessages.noUsername)],
  ];
  return (
    <div style={{ background: '#f7f9fc', border: '1px solid #e4e9f2', borderRadius: 6, padding: '8px 12px', marginBottom: 16 }} data-testid="password-rules">
      <div style={{ fontWeight: 500, marginBottom: 4 }}>{t(passwordMessages.title)}</div>
      {rows.map(([key, label]) => (
        <div key={key} style={{ display: 'flex', gap: 6, alignItems: 'baseline', color: checks[key] ? '#237804' : '#667085' }}>
          {checks[key] ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleOutlined />}
          <span>{label}</span>
        </div>
      ))}
    </div>
  );
}
