import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initialSchema from './20261129T160000_initial_schema.js';
import * as importSupport from './20261129T170000_import_support.js';
import * as countryClassification from './20261129T180000_country_classification.js';
import * as reachVersion from './20261129T190000_reach_version.js';
import * as participantReach from './20261129T191000_participant_reach.js';
import * as attendanceCoveringIndex from './20261129T200000_attendance_covering_index.js';
import * as reachByKey from './20261129T201000_reach_by_key.js';
import * as surveyOpenLinks from './20261130T020000_survey_open_links.js';
import * as responseSource from './20261130T040000_response_source.js';
import * as accounts from './20261130T100000_accounts.js';
import * as participantSearch from './20261130T110000_participant_search.js';
import * as shareLinks from './20261130T120000_share_links.js';
import * as privacyLog from './20261130T140000_privacy_log.js';
import * as impactVersion from './20261130T150000_impact_version.js';
import * as referenceVersion from './20261201T030000_reference_version.js';

// A static list rather than a folder scan: it works the same from TypeScript sources
// (tests, tsx) and compiled output. Names sort by their timestamp; append, never rename.
const migrations: Record<string, Migration> = {
  '20261129T160000_initial_schema': initialSchema,
  '20261129T170000_import_support': importSupport,
  '20261129T180000_country_classification': countryClassification,
  '20261129T190000_reach_version': reachVersion,
  '20261129T191000_participant_reach': participantReach,
  '20261129T200000_attendance_covering_index': attendanceCoveringIndex,
  '20261129T201000_reach_by_key': reachByKey,
  '20261130T020000_survey_open_links': surveyOpenLinks,
  '20261130T040000_response_source': responseSource,
  '20261130T100000_accounts': accounts,
  '20261130T110000_participant_search': participantSearch,
  '20261130T120000_share_links': shareLinks,
  '20261130T140000_privacy_log': privacyLog,
  '20261130T150000_impact_version': impactVersion,
  '20261201T030000_reference_version': referenceVersion,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
