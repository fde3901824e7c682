import { roleOf } from '@threshold/db';
import { inject } from 'vitest';
import { type JobCatalogue, jobCatalogue } from './catalogue.ts';
import { prepareJobSchema } from './prepare.ts';

/**
 * What the server does at start-up, for the test database: the owner prepares pg-boss's schema and queues and
 * grants the application role (the `databaseUrl` tests connect as) what it needs to use them.
 */
export function prepareTestJobSchema(catalogue: JobCatalogue = jobCatalogue): Promise<void> {
  return prepareJobSchema(inject('ownerDatabaseUrl'), { appRole: roleOf(inject('databaseUrl')), catalogue });
}
