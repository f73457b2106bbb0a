// Server-side paging for antd tables: page/pageSize state plus the Table pagination prop.
import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { common, type Translate } from '../app/i18n.tsx';

export interface Paging {
  page: number;
  pageSize: number;
}

export function usePaging(pageSize = 20) {
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize });
  const toFirst = () => setPaging((p) => ({ ...p, page: 1 }));
  const pagination = (total: number | undefined, t: Translate): TablePaginationConfig => ({
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => t(common.total, { n }),
    onChange: (page, size) => setPaging({ page: size !== paging.pageSize ? 1 : page, pageSize: size }),
    size: 'small',
  });
  return { paging, setPaging, toFirst, pagination };
}
