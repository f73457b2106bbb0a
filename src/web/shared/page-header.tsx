import type { ReactNode } from 'react';

export function PageHeader({ title, extra, sub }: { title: ReactNode; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <div className="zl-page-header">
      <div>
        <h1>{title}</h1>
        {sub ? <div style={{ color: '#667085', marginTop: 4 }}>{sub}</div> : null}
      </div>
      {extra ? <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{extra}</div> : null}
    </div>
  );
}
