// 当前工作年度: shown to everyone on the home page; the administrator and the law office change it here.
// Every year picker (figures, dashboards, the annual report) opens on it.
import { Select, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySuccess } from '../../shared/feedback.tsx';
import { currentYear, useWorkYear, yearChoices } from '../../shared/work-year.ts';

const m = defineMessages({
  label: { zh: '当前工作年度', en: 'Work year' },
  year: { zh: '{year}年', en: '{year}' },
  saved: { zh: '工作年度已改为 {year} 年', en: 'The work year is now {year}' },
});

export function WorkYearControl() {
  const { t } = useI18n();
  const { me, refresh } = useSession();
  const workYear = useWorkYear();
  const [saving, setSaving] = useState(false);
  const canChange = me?.role === 'admin' || me?.role === 'law_office';
  if (!canChange) {
    return <Tag data-testid="work-year">{t(m.label)}：{t(m.year, { year: String(workYear) })}</Tag>;
  }
  const years = yearChoices(Math.max(workYear, currentYear() + 1), 2018);
  const change = async (year: number) => {
    setSaving(true);
    try {
      await api.put('/api/jurisdiction/work-year', { year });
      await refresh();
      notifySuccess(t(m.saved, { year: String(year) }));
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span>{t(m.label)}</span>
      <Select<number>
        size="small"
        value={workYear}
        loading={saving}
        disabled={saving}
        onChange={(y) => void change(y)}
        style={{ width: 100 }}
        options={years.map((y) => ({ value: y, label: t(m.year, { year: String(y) }) }))}
        data-testid="work-year-select"
      />
    </span>
  );
}
