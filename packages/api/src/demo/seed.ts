import {
  type Db,
  grantRoles,
  insertOrganisation,
  insertSite,
  insertStaffPolicyAcknowledgement,
  insertStaffWithPassword,
  insertTraining,
  schema,
  setDuty,
  upsertStaffPin,
} from '@threshold/db';
import type { StaffRole } from '@threshold/validators';
import { publishDefaultDocuments } from '../domain/documents.ts';
import { hashSecret } from '../password.ts';

export const DEMO_PASSWORD = 'threshold-demo-2026';
/** The demo escorts' kiosk PIN. */
export const DEMO_PIN = '246810';

const demoStaff: { name: string; email: string; roles: StaffRole[] }[] = [
  { name: 'Alex Admin', email: 'admin@demo.threshold.local', roles: ['admin'] },
  { name: 'Dana Okafor', email: 'coordinator@demo.threshold.local', roles: ['coordinator'] },
  { name: 'Sok Dara', email: 'escort1@demo.threshold.local', roles: ['escort'] },
  { name: 'Priya Raman', email: 'escort2@demo.threshold.local', roles: ['escort'] },
  { name: 'Tom Hughes', email: 'reception@demo.threshold.local', roles: ['reception'] },
];

export interface DemoSeed {
  organisationId: string;
  siteId: string;
}

/** The demo sign-ins, printed at every demo start. */
export const demoAccounts = demoStaff.map((p) => ({ email: p.email, password: DEMO_PASSWORD, roles: p.roles }));

/** Seeds one demo organisation on an empty database; returns null (and writes nothing) when any exists. */
export async function seedDemo(db: Db): Promise<DemoSeed | null> {
  const [passwordHash, pinHash] = await Promise.all([hashSecret(DEMO_PASSWORD), hashSecret(DEMO_PIN)]);
  return db.transaction(async (tx) => {
    // Serialise concurrent first starts so only one seeds.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('threshold-demo-seed'))`);
    const [existing] = await tx.select({ id: schema.organisation.id }).from(schema.organisation).limit(1);
    if (existing) return null;
    const org = await insertOrganisation(tx, { name: 'Riverside Family Trust (demo)' });
    const site = await insertSite(tx, { organisationId: org.id, name: 'Riverside House', timezone: 'Europe/London' });
    const now = new Date();
    const documents = await publishDefaultDocuments(tx, { organisationId: org.id, siteId: site.id, now });
    const staffPolicies = documents.filter((d) => d.kind === 'staff_policy');
    const trainedOn = new Date(now.getTime() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    for (const person of demoStaff) {
      const { id } = await insertStaffWithPassword(tx, {
        organisationId: org.id,
        name: person.name,
        email: person.email,
        passwordHash,
      });
      await grantRoles(tx, { staffId: id, siteId: site.id, roles: person.roles });
      // Everyone has accepted the staff policy and been trained a month ago; escorts start on duty with a PIN.
      for (const doc of staffPolicies)
        await insertStaffPolicyAcknowledgement(tx, { staffId: id, documentId: doc.id, at: now });
      await insertTraining(tx, { staffId: id, completedOn: trainedOn });
      if (person.roles.includes('escort')) {
        await setDuty(tx, { staffId: id, siteId: site.id, onDuty: true, at: now });
        await upsertStaffPin(tx, { staffId: id, pinHash: pinHash, at: now });
      }
    }
    return { organisationId: org.id, siteId: site.id };
  });
}
