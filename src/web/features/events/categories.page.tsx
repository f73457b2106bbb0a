// 系统管理 › 事件分类: the administrator edits the event categories, their departments and time limits.
import CategoriesView from './categories.tsx';

export default function EventCategoriesPage() {
  return <CategoriesView editable />;
}
