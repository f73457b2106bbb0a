// Choosing photos before they are sent (up to 9, JPEG / PNG / WebP, 8 MB each): previews on the device,
// the files are uploaded by the form that owns the picker once the event (or the move) exists.
import { CameraOutlined } from '@ant-design/icons';
import { Upload, type UploadFile } from 'antd';
import { useEffect, useMemo } from 'react';
import { defineMessages, useI18n } from '../../app/i18n.tsx';
import { notifyError } from '../../shared/feedback.tsx';
import { MAX_PHOTOS, PHOTO_MAX_BYTES, PHOTO_TYPES } from './events.api.ts';

const m = defineMessages({
  add: { zh: '拍照/选图', en: 'Add photo' },
  count: { zh: '{n}/{max} 张', en: '{n}/{max}' },
  badType: { zh: '只能上传 JPEG、PNG 或 WebP 格式的照片', en: 'Only JPEG, PNG or WebP photos' },
  tooBig: { zh: '照片不能超过 8 MB', en: 'A photo may be at most 8 MB' },
  tooMany: { zh: '最多 {max} 张照片', en: 'At most {max} photos' },
});

export function PhotoPicker({
  value = [],
  onChange,
  max = MAX_PHOTOS,
  testId = 'photo-picker',
}: {
  value?: File[];
  onChange?: (files: File[]) => void;
  max?: number;
  testId?: string;
}) {
  const { t } = useI18n();
  const urls = useMemo(() => value.map((f) => URL.createObjectURL(f)), [value]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  const fileList: UploadFile[] = value.map((f, i) => ({ uid: `${i}-${f.name}-${f.size}`, name: f.name, status: 'done', url: urls[i], thumbUrl: urls[i] }));

  return (
    <div data-testid={testId}>
      <Upload
        listType="picture-card"
        accept={PHOTO_TYPES.join(',')}
        multiple
        fileList={fileList}
        beforeUpload={(file, batch) => {
          // Called once per file of a batch; act once, on the first, with the whole batch.
          if (file !== batch[0]) return false;
          const ok: File[] = [];
          for (const f of batch) {
            if (!PHOTO_TYPES.includes(f.type)) notifyError(new Error(t(m.badType)));
            else if (f.size > PHOTO_MAX_BYTES) notifyError(new Error(t(m.tooBig)));
            else ok.push(f);
          }
          const next = [...value, ...ok];
          if (next.length > max) notifyError(new Error(t(m.tooMany, { max })));
          onChange?.(next.slice(0, max));
          return false;
        }}
        onRemove={(f) => {
          const i = fileList.findIndex((x) => x.uid === f.uid);
          if (i >= 0) onChange?.(value.filter((_, j) => j !== i));
          return false;
        }}
        showUploadList={{ showPreviewIcon: false }}
      >
        {value.length >= max ? null : (
          <div>
            <CameraOutlined style={{ fontSize: 20 }} />
            <div style={{ marginTop: 4, fontSize: 12 }}>{t(m.add)}</div>
          </div>
        )}
      </Upload>
      <div style={{ color: '#98a2b3', fontSize: 12 }}>{t(m.count, { n: value.length, max })}</div>
    </div>
  );
}
