// The assessment API: figures of a period, the indicator catalogue, the self-assessment and the findings.
import { api } from '../../api/client.ts';

export interface Drill {
  api: string;
  query: Record<string, string | number | boolean>;
  label: string;
}

export interface PeriodSel {
  year: number;
  quarter?: number;
  month?: number;
}

export interface Period extends PeriodSel {
  kind: 'year' | 'quarter' | 'month';
  from: string;
  to: string;
  label: string;
}

export interface Figure {
  key: string;
  name: string;
  module: string;
  kind: 'count' | 'amount' | 'rate' | 'text';
  unit: string;
  basis: string;
  value: number | string | null;
  numerator: number | null;
  denominator: number | null;
  missing: string | null;
  drill: Drill | null;
}

export interface CatalogueEntry {
  key: string;
  name: string;
  module: string;
  moduleName: string;
  kind: string;
  unit: string;
  basis: string;
  definition: string;
  numerator: string | null;
  denominator: string | null;
  wired: boolean;
  pending: string | null;
}

export const AREAS = [
  { value: 'functions', label: '职能依法履行' },
  { value: 'institutions', label: '依法行政制度' },
  { value: 'decisions', label: '行政决策' },
  { value: 'enforcement', label: '行政执法' },
  { value: 'disputes', label: '矛盾纠纷化解' },
  { value: 'supervision', label: '监督' },
  { value: 'publicity', label: '法治宣传' },
  { value: 'leadership', label: '组织领导' },
] as const;
export type Area = (typeof AREAS)[number]['value'];
export const areaLabel = (a: string) => AREAS.find((x) => x.value === a)?.label ?? a;

export interface Indicator {
  id: number;
  code: string;
  name: string;
  area: Area;
  formula: string;
  unit: string;
  target: number | null;
  direction: 'higher' | 'lower';
  weight: number;
  tolerance: number;
  prorate: boolean;
  description: string;
  active: boolean;
  sort: number;
  version: number;
}

export type IndicatorInput = Omit<Indicator, 'id' | 'version' | 'active' | 'sort'> & { sort?: number };

export type Status = 'met' | 'at_risk' | 'missed' | 'no_data' | 'no_target';
export const STATUS_META: Record<Status, { label: string; color: string }> = {
  met: { label: '达标', color: 'green' },
  at_risk: { label: '预警', color: 'orange' },
  missed: { label: '未达标', color: 'red' },
  no_data: { label: '无数据', color: 'default' },
  no_target: { label: '观察', color: 'blue' },
};

export interface Assessed {
  id: number;
  code: string;
  name: string;
  area: Area;
  areaName: string;
  formula: string;
  unit: string;
  direction: 'higher' | 'lower';
  weight: number;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: Status;
  statusName: string;
  missing: { key: string; reason: string }[];
  figures: string[];
  previous: { value: number | null; numerator: number | null; denominator: number | null; status: Status };
  change: number | null;
  trend: { month: string; value: number | null; previous: number | null }[];
}

export interface SelfAssessment {
  period: Period;
  previousPeriod: Period;
  score: number | null;
  previousScore: number | null;
  byArea: { area: Area; areaName: string; indicators: number; met: number; atRisk: number; missed: number; score: number | null }[];
  indicators: Assessed[];
  figures: Figure[];
}

export interface Evidence {
  label: string;
  figure?: string;
  value?: number | string;
  drill?: Drill;
}

export interface Finding {
  rule: string;
  title: string;
  severity: 'high' | 'medium' | 'low';
  text: string;
  suggestion: string;
  evidence: Evidence[];
}

export interface FormulaCheck {
  ok: boolean;
  canonical: string | null;
  keys: string[];
  error: string | null;
  position: number | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export const assessmentApi = {
  catalogue: (signal?: AbortSignal) => api.get<CatalogueEntry[]>('/api/assessment/figures/catalogue', undefined, { signal }),
  figures: (p: PeriodSel, keys?: string[], signal?: AbortSignal) =>
    api.get<{ period: Period; figures: Figure[] }>('/api/assessment/figures', { ...p, keys: keys?.join(',') }, { signal }),
  indicators: (signal?: AbortSignal) => api.get<Indicator[]>('/api/assessment/indicators', undefined, { signal }),
  createIndicator: (body: IndicatorInput) => api.post<Indicator>('/api/assessment/indicators', body),
  updateIndicator: (id: number, body: Partial<IndicatorInput> & { version: number; active?: boolean }) => api.patch<Indicator>(`/api/assessment/indicators/${id}`, body),
  addDefaults: () => api.post<{ added: number }>('/api/assessment/indicators/defaults'),
  checkFormula: (formula: string, year?: number) => api.post<FormulaCheck>('/api/assessment/formula/check', { formula, year }),
  selfAssessment: (p: PeriodSel, signal?: AbortSignal) => api.get<SelfAssessment>('/api/assessment/self-assessment', { ...p }, { signal }),
  findings: (p: PeriodSel, signal?: AbortSignal) => api.get<{ period: Period; findings: Finding[] }>('/api/assessment/findings', { ...p }, { signal }),
};

/** The web address of the list behind a figure (the drill-down page). */
export function drillHref(d: Drill): string {
  const q = new URLSearchParams({ api: d.api, label: d.label });
  for (const [k, v] of Object.entries(d.query)) q.append(`q.${k}`, String(v));
  return `/assessment/drill?${q.toString()}`;
}

/** A figure's value as the dashboard shows it, with the unit. */
export function figureText(f: Pick<Figure, 'value' | 'kind' | 'unit'>): string {
  if (f.value === null) return '—';
  if (typeof f.value === 'string') return f.value;
  if (f.kind === 'rate') return `${Math.round(f.value * 10) / 10}%`;
  return `${Math.round(f.value * 100) / 100}${f.unit}`;
}
