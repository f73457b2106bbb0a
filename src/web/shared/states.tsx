// Loading, error and empty states, so every page shows the same thing in the same situation.
import { Button, Empty, Result, Skeleton, Spin } from 'antd';
import type { ReactNode } from 'react';
import { isApiError } from '../api/client.ts';
import { common, useI18n } from '../app/i18n.tsx';
import type { ApiState } from './use-api.ts';

export function Loading({ block = false }: { block?: boolean }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', padding: block ? 48 : 24, minHeight: block ? 240 : undefined }}>
      <Spin description={t(common.loading)} />
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = isApiError(error) ? error.status : 0;
  const forbidden = status === 403;
  return (
    <Result
      status={forbidden ? '403' : status === 404 ? '404' : 'error'}
      title={forbidden ? t(common.forbiddenTitle) : t(common.loadFailed)}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={onRetry && !forbidden ? <Button onClick={onRetry}>{t(common.retry)}</Button> : undefined}
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t(common.empty)}>
      {children}
    </Empty>
  );
}

/** Renders loading, error, then the data (first load only; later reloads keep the old data visible). */
export function Async<T>({ state, children, skeleton }: { state: ApiState<T>; children: (data: T) => ReactNode; skeleton?: boolean }) {
  if (state.data === undefined) {
    if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
    return skeleton ? <Skeleton active paragraph={{ rows: 6 }} /> : <Loading block />;
  }
  if (state.error) {
    return (
      <>
        <ErrorState error={state.error} onRetry={state.reload} />
      </>
    );
  }
  return <>{children(state.data)}</>;
}
