// The public portal's API (no account): categories open to the public, the map's outlines, submitting an
// event (Idempotency-Key), adding its photos, following it by tracking code, rating it, saying it is not fixed.
import { api } from '../../api/client.ts';
import type { Polygonal } from '../grids/grids.api.ts';
import { uploadFiles } from '../events/events.api.ts';

export interface PublicCategory {
  id: number;
  code: string;
  name: string;
  groupName: string | null;
  description: string;
}

export interface PublicMap {
  jurisdictionName: string;
  grids: { id: number; level: string; name: string; geometry: Polygonal }[];
}

export interface PublicSubmission {
  categoryId: number;
  description: string;
  address?: string;
  lng?: number;
  lat?: number;
  contactName?: string;
  contactPhone?: string;
}

export interface Tracked {
  code: string;
  trackingCode: string;
  categoryName: string;
  title: string;
  address: string;
  status: string;
  statusLabel: string;
  reportedAt: string;
  closedAt: string | null;
  notes: { at: string; status: string | null; note: string }[];
  satisfaction: number | null;
  canRate: boolean;
  canReopen: boolean;
}

const enc = encodeURIComponent;

export const portalApi = {
  categories: (signal?: AbortSignal) => api.get<PublicCategory[]>('/api/public/event-categories', undefined, { signal }),
  map: (signal?: AbortSignal) => api.get<PublicMap>('/api/public/event-map', undefined, { signal }),
  submit: (body: PublicSubmission, idempotencyKey: string) =>
    api.post<{ trackingCode: string; code: string; status: string; statusLabel: string }>('/api/public/events', body, { idempotencyKey }),
  photos: (code: string, files: File[], csrfToken: string | null) => uploadFiles<{ count: number }>(`/api/public/events/${enc(code)}/photos`, files, csrfToken),
  track: (code: string, signal?: AbortSignal) => api.get<Tracked>(`/api/public/events/${enc(code)}`, undefined, { signal }),
  rate: (code: string, body: { score: number; comment?: string }) => api.post<Tracked>(`/api/public/events/${enc(code)}/rating`, body),
  reopen: (code: string, reason: string) => api.post<Tracked>(`/api/public/events/${enc(code)}/reopen`, { reason }),
};

const STORE = 'zhili.portal.codes';

/** Codes this browser submitted (kept locally, so a visitor can find them again). */
export function savedCodes(): { code: string; at: string }[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as { code: string; at: string }[]).filter((x) => typeof x?.code === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}

export function saveCode(code: string): void {
  try {
    const list = [{ code, at: new Date().toISOString() }, ...savedCodes().filter((x) => x.code !== code)].slice(0, 10);
    localStorage.setItem(STORE, JSON.stringify(list));
  } catch {
    // Not kept; the code is on the screen to write down.
  }
}
