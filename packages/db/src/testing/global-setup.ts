import type { TestProject } from 'vitest/node';
import { startTestDatabase } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    ownerDatabaseUrl: string;
  }
}

/** vitest globalSetup: one migrated PostgreSQL for the whole run, stopped at teardown. */
export default async function setup(project: TestProject) {
  const database = await startTestDatabase();
  project.provide('databaseUrl', database.appUrl);
  project.provide('ownerDatabaseUrl', database.ownerUrl);
  return () => database.stop();
}
