import { Modal } from 'antd';
import { useI18n } from '../../app/i18n.tsx';
import { useMe, useSession } from '../../app/session.tsx';
import { notifySuccess } from '../../shared/feedback.tsx';
import { PasswordForm, pwMessages } from './password-form.tsx';

export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const { accept } = useSession();
  return (
    <Modal open={open} onCancel={onClose} title={t(pwMessages.submit)} footer={null} destroyOnHidden>
      <PasswordForm
        username={me.username}
        onDone={(next) => {
          accept(next);
          notifySuccess(t(pwMessages.changed));
          onClose();
        }}
      />
    </Modal>
  );
}
