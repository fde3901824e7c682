import {
  type Db,
  grantRoles,
  insertOrganisation,
  insertSite,
  insertStaffPolicyAcknowledgement,
  insertStaffWithPassword,
  insertTraining,
  insertTwoFactorEnrolment,
  schema,
  setDuty,
  setOrganisationRequiresTwoFactor,
  upsertStaffPin,
} from '@threshold/db';
import type { StaffRole } from '@threshold/validators';
import { type Auth, encryptAsTwoFactorPlugin } from '../auth.ts';
import { publishDefaultDocuments } from '../domain/documents.ts';
import { hashSecret } from '../password.ts';

export const DEMO_PASSWORD = 'threshold-demo-2026';
/** The demo escorts' kiosk PIN. */
export const DEMO_PIN = '246810';

/**
 * The demo admin's and coordinator's authenticator secrets (base32), printed at every demo start. Fixed and public:
 * demo only. The organisation requires two-factor sign-in, so these two sign in with a code from either secret.
 */
interface DemoTotp {
  secret: string;
  backupCodes: string[];
}

const demoStaff: { name: string; email: string; roles: StaffRole[]; totp?: DemoTotp }[] = [
  {
    name: 'Alex Admin',
    email: 'admin@demo.threshold.local',
    roles: ['admin'],
    totp: { secret: 'DEMOADMINTOTPNOTASECRETTHRESHOLD', backupCodes: ['admin-code1', 'admin-code2', 'admin-code3'] },
  },
  {
    name: 'Dana Okafor',
    email: 'coordinator@demo.threshold.local',
    roles: ['coordinator'],
    totp: { secret: 'DEMOCOORDINATORTOTPNOTASECRET234', backupCodes: ['coord-code1', 'coord-code2', 'coord-code3'] },
  },
  { name: 'Sok Dara', email: 'escort1@demo.threshold.local', roles: ['escort'] },
  { name: 'Priya Raman', email: 'escort2@demo.threshold.local', roles: ['escort'] },
  { name: 'Tom Hughes', email: 'reception@demo.threshold.local', roles: ['reception'] },
];

export interface DemoSeed {
  organisationId: string;
  siteId: string;
}

/** The otpauth:// URI an authenticator app reads (as a QR code or pasted), in the form better-auth writes it. */
function otpauthUri(email: string, secret: string) {
  const params = new URLSearchParams({ secret, issuer: 'Threshold', digits: '6', period: '30' });
  return `otpauth://totp/Threshold:${encodeURIComponent(email)}?${params.toString()}`;
}

/** The demo sign-ins, printed at every demo start. */
export const demoAccounts = demoStaff.map((p) => ({
  email: p.email,
  password: DEMO_PASSWORD,
  roles: p.roles,
  totp: p.totp ? { ...p.totp, uri: otpauthUri(p.email, p.totp.secret) } : null,
}));

/**
 * Seeds one demo organisation on an empty database; returns null (and writes nothing) when any exists. The demo
 * authenticator secrets are stored encrypted with `auth`'s secret, exactly as its two-factor plugin reads them.
 */
export async function seedDemo(db: Db, auth: Auth): Promise<DemoSeed | null> {
  const [passwordHash, pinHash] = await Promise.all([hashSecret(DEMO_PASSWORD), hashSecret(DEMO_PIN)]);
  const enrolments = new Map<string, { encryptedSecret: string; encryptedBackupCodes: string }>();
  for (const person of demoStaff) {
    if (!person.totp) continue;
    enrolments.set(person.email, {
      // The plugin's form for a secret imported from elsewhere: base32, marked so.
      encryptedSecret: await encryptAsTwoFactorPlugin(auth, `base32:${person.totp.secret}`),
      encryptedBackupCodes: await encryptAsTwoFactorPlugin(auth, JSON.stringify(person.totp.backupCodes)),
    });
  }
  return db.transaction(async (tx) => {
    // Serialise concurrent first starts so only one seeds.
    await tx.execute(`select pg_advisory_xact_lock(hashtext('threshold-demo-seed'))`);
    const [existing] = await tx.select({ id: schema.organisation.id }).from(schema.organisation).limit(1);
    if (existing) return null;
    const org = await insertOrganisation(tx, { name: 'Riverside Family Trust (demo)' });
    await setOrganisationRequiresTwoFactor(tx, { organisationId: org.id, required: true });
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
      const enrolment = enrolments.get(person.email);
      if (enrolment) await insertTwoFactorEnrolment(tx, { staffId: id, ...enrolment });
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
