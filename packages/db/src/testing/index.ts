export { startTestDatabase, type TestDatabase } from './database.ts';
export { createTestOrganisation, createTestSite, createTestStaff } from './fixtures.ts';
export { TEST_KEYS } from './keys.ts';
export { sealedSignature, sealedVisit } from './visits.ts';
