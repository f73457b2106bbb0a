import { TranslationOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useI18n } from '../app/i18n.tsx';

/** One button: shows the other language and switches to it. */
export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { lang, setLang } = useI18n();
  const next = lang === 'zh' ? 'en' : 'zh';
  return (
    <Tooltip title={lang === 'zh' ? 'Switch to English' : '切换到中文'}>
      <Button
        type="text"
        icon={<TranslationOutlined />}
        onClick={() => setLang(next)}
        style={light ? { color: '#fff' } : undefined}
        data-testid="language-switch"
        aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}
      >
        {lang === 'zh' ? 'EN' : '中文'}
      </Button>
    </Tooltip>
  );
}
