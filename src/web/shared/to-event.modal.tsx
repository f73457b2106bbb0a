// "转为网格事件": the form other modules' pages (patrol findings, risk clues) show before their record becomes a
// grid event — the event category (required by the events intake), and the description and place, prefilled.
import { Cascader, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useApi } from './use-api.ts';

interface CategoryNode {
  id: number;
  name: string;
  children: { id: number; name: string }[];
}

export interface ToEventValues {
  categoryId: number;
  description: string;
  address?: string;
  priority: 'normal' | 'urgent';
}

/** Cascader options: each top-level category with its sub-categories; a top-level one may be chosen too. */
export function categoryCascade(tree: CategoryNode[]) {
  return tree.map((c) => ({ value: c.id, label: c.name, children: c.children.length ? c.children.map((s) => ({ value: s.id, label: s.name })) : undefined }));
}

export function ToEventModal({
  open,
  title = '转为网格事件',
  defaults,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title?: string;
  defaults: { description: string; address?: string };
  /** Resolves when the event was made (the modal then closes); rejects after showing the error (it stays open). */
  onSubmit: (v: ToEventValues) => Promise<void>;
  onClose: () => void;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const cats = useApi((signal) => (open ? api.get<CategoryNode[]>('/api/event-categories', undefined, { signal }) : Promise.resolve([])), [open]);
  useEffect(() => {
    if (open) form.setFieldsValue({ category: undefined, description: defaults.description, address: defaults.address ?? '', priority: 'normal' });
  }, [open, defaults.description, defaults.address, form]);
  const ok = async () => {
    const v = await form.validateFields();
    const path = v.category as number[];
    setBusy(true);
    try {
      await onSubmit({ categoryId: path[path.length - 1], description: v.description, address: v.address || undefined, priority: v.priority });
      onClose();
    } catch {
      // onSubmit has told the user what went wrong; the form stays open to correct it.
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={() => void ok()} confirmLoading={busy} okText="提交事件" destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="to-event-form">
        <Form.Item name="category" label="事件分类" rules={[{ required: true, message: '请选择事件分类' }]}>
          <Cascader options={categoryCascade(cats.data ?? [])} changeOnSelect showSearch placeholder="请选择事件分类" data-testid="to-event-category" />
        </Form.Item>
        <Form.Item name="description" label="事件描述" rules={[{ required: true, min: 2, message: '请填写事件描述' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="address" label="地点">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="priority" label="紧急程度">
          <Select options={[{ value: 'normal', label: '一般' }, { value: 'urgent', label: '紧急' }]} style={{ width: 120 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
