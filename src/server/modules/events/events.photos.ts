// Photos of an event ("before / after"): up to 9 per phase (report, handle, verify), JPEG / PNG / WebP only,
// checked by their first bytes (never by the name or the declared type), stored under <data>/uploads/events/.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../../db/database.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { assertRowAccess, authorize } from '../../platform/auth/policy.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { stripUploadedPhoto } from '../../platform/uploads/image-metadata.ts';
import { eventActions } from './events.policy.ts';
import * as repo from './events.repository.ts';
import type { EventRow } from './events.repository.ts';
import { actorInfo, actorOf, rowScope, timeline, type ActorInfo } from './events.service.ts';
import type { PhotoPhase } from './events.table.ts';
import { DEPARTMENT_ROLES, type EventStatus } from './events.workflow.ts';

export const MAX_PHOTOS_PER_PHASE = 9;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_PHASES: readonly PhotoPhase[] = ['report', 'handle', 'verify'];

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
const EXT: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The image type from the file's magic bytes, or null. */
export function sniffImage(buf: Buffer): ImageType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/** Which phase a role may add photos to, and in which statuses. */
function phaseAllowed(role: string, phase: PhotoPhase, status: EventStatus): boolean {
  switch (phase) {
    case 'report':
      return ['grid_worker', 'dispatcher', 'enterprise', 'public'].includes(role) && ['reported', 'accepted'].includes(status);
    case 'handle':
      return (DEPARTMENT_ROLES as readonly string[]).includes(role) && ['in_progress', 'handled'].includes(status);
    case 'verify':
      return ['grid_worker', 'dispatcher'].includes(role) && ['handled', 'verified'].includes(status);
    default: {
      const never: never = phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

export function uploadsRoot(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/** Checks every file first, writes them, then records them in one transaction (files are removed if it fails). */
export async function storePhotos(
  db: Executor,
  ctx: RequestContext,
  dataDir: string,
  e: EventRow,
  who: ActorInfo,
  phase: PhotoPhase,
  files: UploadedFile[],
) {
  if (files.length === 0) throw errors.validation({ field: 'files' }, { zh: '请选择照片', en: 'No photo' });
  if (!phaseAllowed(who.role, phase, e.status)) {
    throw errors.rule('events.photo_phase', { zh: '当前环节不能上传该类照片', en: 'Photos of this kind cannot be added now' }, { phase, status: e.status });
  }
  const checked = files.map((f, i) => {
    if (f.data.length > PHOTO_MAX_BYTES) {
      throw errors.validation({ file: i }, { zh: `照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`, en: 'Photo too large' });
    }
    const mime = sniffImage(f.data);
    if (!mime) throw errors.validation({ file: i }, { zh: '只接受 JPEG、PNG、WebP 格式的照片', en: 'Only JPEG, PNG or WebP photos' });
    return { ...f, data: stripUploadedPhoto(f.data, mime, i), mime };
  });
  const existing = await repo.countPhotos(db, e.id, phase);
  if (existing + checked.length > MAX_PHOTOS_PER_PHASE) {
    throw errors.rule('events.too_many_photos', {
      zh: `每个环节最多 ${MAX_PHOTOS_PER_PHASE} 张照片（已有 ${existing} 张）`,
      en: `At most ${MAX_PHOTOS_PER_PHASE} photos per phase`,
    });
  }
  const month = new Date().toISOString().slice(0, 7);
  const written: string[] = [];
  const root = uploadsRoot(dataDir);
  try {
    const stored: (UploadedFile & { mime: ImageType; key: string; sha256: string })[] = [];
    for (const f of checked) {
      const key = path.posix.join('events', String(e.jurisdictionId), month, `${randomUUID()}.${EXT[f.mime]}`);
      const full = path.join(root, key);
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, f.data, { flag: 'wx' });
      written.push(full);
      stored.push({ ...f, key, sha256: createHash('sha256').update(f.data).digest('hex') });
    }
    return await db.transaction().execute(async (tx) => {
      // Count again under the event's lock, so that two uploads at once cannot pass the limit together.
      await tx.selectFrom('events').select('id').where('id', '=', e.id).forUpdate().executeTakeFirst();
      if ((await repo.countPhotos(tx, e.id, phase)) + stored.length > MAX_PHOTOS_PER_PHASE) {
        throw errors.rule('events.too_many_photos', {
          zh: `每个环节最多 ${MAX_PHOTOS_PER_PHASE} 张照片`,
          en: `At most ${MAX_PHOTOS_PER_PHASE} photos per phase`,
        });
      }
      const tid = Number((await timeline(tx, e, who, { action: 'photos', details: { phase, count: stored.length } })).id);
      const rows = [];
      for (const f of stored) {
        rows.push(
          await repo.insertPhoto(tx, {
            jurisdictionId: e.jurisdictionId,
            eventId: e.id,
            timelineId: tid,
            phase,
            storageKey: f.key,
            mime: f.mime,
            sizeBytes: f.data.length,
            sha256: f.sha256,
            originalName: f.filename.slice(0, 200),
            uploadedBy: who.userId,
          }),
        );
      }
      await appendAudit(tx, ctx, {
        action: 'event.photos',
        entity: 'event',
        entityId: e.id,
        jurisdictionId: e.jurisdictionId,
        actorName: ctx.actor ? undefined : 'public',
        details: { phase, count: rows.length },
      });
      return rows.map((p) => ({ id: p.id, phase: p.phase, mime: p.mime, sizeBytes: p.sizeBytes, url: `/api/events/${e.id}/photos/${p.id}` }));
    });
  } catch (err) {
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    throw err;
  }
}

/** A staff member adds photos to an event in their scope. */
export async function addPhotos(db: Executor, ctx: RequestContext, dataDir: string, id: number, phase: PhotoPhase, files: UploadedFile[]) {
  const actor = actorOf(ctx);
  const scope = authorize(actor, eventActions['events.annotate']);
  const e = await repo.findEvent(db, id);
  assertRowAccess(actor, scope, e ? rowScope(e) : undefined, 'event', '事件');
  return storePhotos(db, ctx, dataDir, e!, actorInfo(ctx), phase, files);
}

/** The stored file of a photo the actor may see. */
export async function readPhoto(db: Executor, ctx: RequestContext, dataDir: string, id: number, photoId: number) {
  const actor = actorOf(ctx);
  const scope = authorize(actor, eventActions['events.read']);
  const e = await repo.findEvent(db, id);
  assertRowAccess(actor, scope, e ? rowScope(e) : undefined, 'event', '事件');
  const p = await repo.findPhoto(db, id, photoId);
  if (!p) throw errors.notFound('event_photo', '照片');
  const full = path.join(uploadsRoot(dataDir), p.storageKey);
  if (!full.startsWith(uploadsRoot(dataDir) + path.sep)) throw errors.notFound('event_photo', '照片');
  try {
    return { mime: p.mime, data: await fs.readFile(full) };
  } catch {
    throw errors.notFound('event_photo', '照片');
  }
}
