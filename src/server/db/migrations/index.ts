// Numbered migrations, in order. A landed migration is never edited; a change is a new file.
import type { Migration } from 'kysely';
import * as m0001 from './0001_identity.ts';
import * as m0002 from './0002_grids.ts';
import * as m0003 from './0003_platform.ts';
import * as m0004 from './0004_events.ts';
import * as m0005 from './0005_enterprise.ts';
import * as m0006 from './0006_mediation.ts';
import * as m0007 from './0007_records.ts';
import * as m0008 from './0008_assessment.ts';
import * as m0009 from './0009_enterprise_coverage.ts';
import * as m0010 from './0010_reference_version.ts';
import * as m0011 from './0011_event_search_bigrams.ts';
import * as m0012 from './0012_event_search_weeks.ts';
import * as m0013 from './0013_session_change_notices.ts';

export const migrations: Record<string, Migration> = {
  '0001_identity': m0001,
  '0002_grids': m0002,
  '0003_platform': m0003,
  '0004_events': m0004,
  '0005_enterprise': m0005,
  '0006_mediation': m0006,
  '0007_records': m0007,
  '0008_assessment': m0008,
  '0009_enterprise_coverage': m0009,
  '0010_reference_version': m0010,
  '0011_event_search_bigrams': m0011,
  '0012_event_search_weeks': m0012,
  '0013_session_change_notices': m0013,
};
