import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

export const authApi = {
  login: (username: string, password: string) => api.post<Me>('/api/auth/login', { username, password }, { quiet401: true }),
  mfa: (code: string) => api.post<Me>('/api/auth/mfa', { code }),
  changePassword: (currentPassword: string, newPassword: string) => api.post<Me>('/api/me/password', { currentPassword, newPassword }),
  beginTotp: () => api.post<{ secret: string; otpauthUri: string }>('/api/me/totp', {}),
  confirmTotp: (code: string) => api.post<{ ok: true }>('/api/me/totp/confirm', { code }),
};
