// One Idempotency-Key per distinct submission: pressing Save again with the same content (a retry after a
// network error) reuses the key, so the server applies it once; changed content gets a fresh key.
import { useRef } from 'react';
import { newIdempotencyKey } from '../api/client.ts';

export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body) => {
    const json = JSON.stringify(body);
    if (last.current?.body !== json) last.current = { body: json, key: newIdempotencyKey() };
    return last.current.key;
  };
}
