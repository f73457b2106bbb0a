// Languages of the interface: Chinese first, English as a switch kept in localStorage. App strings are
// {zh, en} pairs defined beside the code that shows them (defineMessages), plus a few shared ones here.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';
export interface Msg {
  zh: string;
  en: string;
}

const STORAGE_KEY = 'zhili.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage can be unavailable (private mode); Chinese is the default anyway.
  }
  return 'zh';
}

let current: Lang = initialLang();
if (typeof document !== 'undefined') document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

/** The language outside React (the API client's Accept-Language). */
export const currentLang = (): Lang => current;

/** Identity function that types a feature's message table. */
export function defineMessages<T extends Record<string, Msg>>(messages: T): T {
  return messages;
}

/** Fills {name} placeholders. */
export function format(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (m: Msg, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((next: Lang) => {
    current = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(() => ({ lang, setLang, t: (m, vars) => format(m[lang], vars) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Strings used across features. */
export const common = defineMessages({
  appName: { zh: '治理', en: 'Zhili' },
  appFullName: { zh: '开发区法治政府建设与基层治理平台', en: 'Rule-of-law governance platform' },
  loading: { zh: '加载中…', en: 'Loading…' },
  retry: { zh: '重试', en: 'Retry' },
  reload: { zh: '刷新', en: 'Refresh' },
  loadFailed: { zh: '加载失败', en: 'Failed to load' },
  empty: { zh: '暂无数据', en: 'No data' },
  search: { zh: '搜索', en: 'Search' },
  reset: { zh: '重置', en: 'Reset' },
  create: { zh: '新建', en: 'New' },
  edit: { zh: '编辑', en: 'Edit' },
  save: { zh: '保存', en: 'Save' },
  cancel: { zh: '取消', en: 'Cancel' },
  confirm: { zh: '确定', en: 'OK' },
  close: { zh: '关闭', en: 'Close' },
  actions: { zh: '操作', en: 'Actions' },
  status: { zh: '状态', en: 'Status' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  all: { zh: '全部', en: 'All' },
  saved: { zh: '已保存', en: 'Saved' },
  done: { zh: '操作成功', en: 'Done' },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  total: { zh: '共 {n} 条', en: '{n} in total' },
  totalOver: { zh: '超过 {n} 条', en: 'more than {n}' },
  notFoundTitle: { zh: '页面不存在', en: 'Page not found' },
  notFoundText: { zh: '您访问的页面不存在或已移动。', en: 'The page you asked for does not exist.' },
  forbiddenTitle: { zh: '无权访问', en: 'Not allowed' },
  forbiddenText: { zh: '您的角色不能使用此功能。', en: 'Your role may not use this page.' },
  backHome: { zh: '返回工作台', en: 'Back to the workbench' },
  crashTitle: { zh: '页面出错了', en: 'Something went wrong' },
  crashText: { zh: '请刷新页面重试；如果问题持续，请联系系统管理员。', en: 'Reload the page; if it keeps happening, tell the administrator.' },
  networkError: { zh: '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and retry' },
  appUpdated: { zh: '系统已更新或网络中断，请刷新页面', en: 'The system was updated or the network dropped; reload the page' },
  sessionExpired: { zh: '登录已过期，请重新登录', en: 'Your session has ended; please sign in again' },
  requestId: { zh: '请求编号', en: 'Request id' },
});
