import { rm } from 'node:fs/promises';
import postgres from 'postgres';
import { apiClient, demo, signInThroughApi, staffCookie } from '../../support/api.ts';
import { type RunningServer, startServer, tempDataDir } from '../../support/server.ts';
import type { Identity } from './call.ts';
import type { Pools } from './from-schema.ts';

export interface Stage {
  server: RunningServer;
  identities: Identity[];
  /** More paired kiosks of the same site, for a procedure paced per device (see `setStage`). */
  extraKiosks: Identity[];
  pools: Pools;
  /** Extends every staff session (a long run outlasts the 15-minute idle limit otherwise). */
  keepSessionsAlive: () => Promise<void>;
  close: () => Promise<void>;
}

const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/**
 * The real server on a fresh demo installation, with every kind of caller (nobody, a paired kiosk, and staff in each
 * demo role) and real ids to aim at: visits on site, documents, a second kiosk, an escort who is not a caller.
 * `extraKiosks` more tablets are paired first, before the fuzz's own wrong pairing codes use up this client's
 * pairing limit.
 */
export async function setStage(options: { extraKiosks: number }): Promise<Stage> {
  const dataDir = await tempDataDir();
  const server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
  const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
  const [site] = await sql<{ id: string }[]>`select id from site`;
  const siteId = site?.id ?? '';
  const anonymous = apiClient(server.url);
  const { token } = await anonymous.kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
  const kiosk = apiClient(server.url, { kioskToken: token });

  const staff = {
    admin: await staffCookie(server.url, demo.admin, demo.password),
    coordinator: await staffCookie(server.url, demo.coordinator, demo.password),
    reception: await staffCookie(server.url, demo.reception, demo.password),
    escort: await staffCookie(server.url, 'escort1@demo.threshold.local', demo.password),
  };
  const admin = apiClient(server.url, { cookie: staff.admin });
  // A second kiosk to aim revoke and rename at, so the caller's own kiosk keeps working.
  const spare = await anonymous.kiosk.pair.mutate({
    code: (await admin.kiosk.createPairingCode.mutate({ siteId })).code,
    deviceName: 'Spare',
  });
  const extraKiosks: Identity[] = [];
  for (let i = 1; i <= options.extraKiosks; i++) {
    const paired = await anonymous.kiosk.pair.mutate({
      code: (await admin.kiosk.createPairingCode.mutate({ siteId })).code,
      deviceName: `Fuzz tablet ${i}`,
    });
    extraKiosks.push({ name: `kiosk ${i + 1}`, headers: { authorization: `Bearer ${paired.token}` } });
  }
  const pairingCodes = await Promise.all(
    [1, 2, 3].map(async () => (await admin.kiosk.createPairingCode.mutate({ siteId })).code),
  );
  const visits = await Promise.all(
    ['Ada Fuzz', 'Ben Fuzz', 'Cy Fuzz'].map((fullName) =>
      signInThroughApi(kiosk, { fullName, organisation: 'Fuzz Ltd' }),
    ),
  );
  const visitRows = await sql<{ id: string }[]>`select id from visit`;
  // Priya (escort2) is no caller here: mutations aimed at her cannot lock a caller out part-way.
  const [priya] = await sql<{ id: string }[]>`select id from staff where email = 'escort2@demo.threshold.local'`;
  const docs = await kiosk.kiosk.documents.query({ language: 'en' });
  const ref = (d: { id: string; sha256: string }) => ({ documentId: d.id, documentSha256: d.sha256 });

  const pools: Pools = {
    siteId: [siteId],
    staffId: [priya?.id],
    toStaffId: [priya?.id],
    escortStaffId: [priya?.id],
    visitId: visitRows.map((v) => v.id),
    visitCode: visits.map((v) => v.visitCode),
    deviceId: [spare.deviceId],
    code: pairingCodes,
    pin: [demo.pin],
    language: ['en', 'km'],
    documentId: [docs.form.id, docs.confidentialityPolicy.id],
    documentSha256: [docs.form.sha256],
    confidentialityPolicy: [ref(docs.confidentialityPolicy)],
    disclosurePolicy: [ref(docs.disclosurePolicy)],
    noPhotography: [ref(docs.noPhotography)],
    signature: [{ ...ref(docs.form), typedName: 'Ada Fuzz', imagePng: TINY_PNG }],
  };
  const identities: Identity[] = [
    { name: 'nobody', headers: {} },
    { name: 'kiosk', headers: { authorization: `Bearer ${token}` } },
    ...Object.entries(staff).map(([name, cookie]) => ({ name, headers: { cookie } })),
  ];
  return {
    server,
    identities,
    extraKiosks,
    pools,
    keepSessionsAlive: async () => {
      for (const cookie of Object.values(staff)) {
        await fetch(`${server.url}/api/auth/get-session`, { headers: { cookie, origin: server.url } });
      }
    },
    close: async () => {
      await sql.end();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
