export { startTestDatabase, type TestDatabase } from './database.ts';
export { createTestOrganisation, createTestSite, createTestStaff } from './fixtures.ts';
