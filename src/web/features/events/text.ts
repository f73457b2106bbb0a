import { formatDateTime } from '../../shared/format.ts';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;

/** Server-written notes may carry raw ISO instants ("时限至 2022-01-06T15:59:59.999Z"): shown in Shanghai time. */
export function humanizeInstants(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso));
}
