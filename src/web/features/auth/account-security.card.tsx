// Home card: nudges staff to turn on the second factor (等保 2.0 asks for two factors for staff).
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { useMe } from '../../app/session.tsx';

const m = defineMessages({
  title: { zh: '账户安全', en: 'Account security' },
  on: { zh: '已启用双因素认证', en: 'Two-factor sign-in is on' },
  off: { zh: '未启用双因素认证', en: 'Two-factor sign-in is off' },
  hint: { zh: '建议在右上角账户菜单中启用双因素认证，防止密码泄露后账户被冒用。', en: 'Turn it on from the account menu (top right) so a leaked password alone cannot be used.' },
});

export default function AccountSecurityCard() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <Card title={<><SafetyCertificateOutlined /> {t(m.title)}</>} size="small">
      <Tag color={me.totpEnabled ? 'green' : 'orange'}>{me.totpEnabled ? t(m.on) : t(m.off)}</Tag>
      {!me.totpEnabled ? <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t(m.hint)}</Typography.Paragraph> : null}
    </Card>
  );
}
