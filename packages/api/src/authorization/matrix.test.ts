import { createDb, type LiveListener, revokeKioskDevice } from '@threshold/db';
import { createTestSite } from '@threshold/db/testing';
import type { inferRouterInputs } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createContextFactory } from './context.ts';
import { createPairingCode } from './domain/kiosk-pairing.ts';
import { listenForLiveEvents } from './live/listener.ts';
import { type AppRouter, appRouter } from './root.ts';
import {
  alertsOf,
  type EscortScene,
  escortScene,
  givePin,
  makeEligibleEscort,
  member,
  signInVisitor,
} from './test-support/escort-harness.ts';
import { createHarness, pairKioskAt, testPasswordHash, visitorInput } from './test-support/harness.ts';
import { createCallerFactory } from './trpc.ts';

const h = createHarness();
// live.site needs a listener in its context, as the server has; callerFor has none, so this file builds its own.
const listenHandle = createDb(inject('databaseUrl'), { max: 1 });
let live: LiveListener;
afterAll(async () => {
  await live.close();
  await listenHandle.close();
  await h.close();
});

const everyone = [
  'anonymous',
  'kiosk',
  'revokedKiosk',
  'escort',
  'reception',
  'coordinator',
  'otherCoordinator',
  'admin',
] as const;
type Who = (typeof everyone)[number];
const staff: readonly Who[] = ['escort', 'reception', 'coordinator', 'otherCoordinator', 'admin'];
const deskRoles: readonly Who[] = ['reception', 'coordinator'];
const anyRoleHere: readonly Who[] = ['escort', 'reception', 'coordinator', 'admin'];

interface Fixtures {
  scene: EscortScene;
  site: string;
  otherSite: string;
  headers: Record<Who, Record<string, string>>;
  ids: Record<'escort' | 'colleague' | 'throwaway', string>;
  pairingCodes: Record<Who, string>;
  visit: Record<
    'confirm' | 'accept' | 'escortOut' | 'pin' | 'board' | 'kioskOut',
    { visitId: string; visitCode: string }
  >;
  alertId: string;
  messageId: string;
  policyId: string;
  pin: string;
  devices: { revoked: string; spare: string };
}
let f: Fixtures;

beforeAll(async () => {
  await testPasswordHash();
  live = await listenForLiveEvents(listenHandle.sql);
  const scene = await escortScene(h);
  const site = scene.site.id;
  const otherSite = await createTestSite(h.db, scene.organisation.id, 'Other site');
  const [escort, colleague, throwaway, reception, admin, otherCoordinator] = await Promise.all([
    makeEligibleEscort(h, scene, { name: 'Ana Silva' }),
    makeEligibleEscort(h, scene, { name: 'Ben Okoro' }),
    makeEligibleEscort(h, scene, { name: 'Cy Tan' }),
    member(h, scene.site, ['reception'], 'Rae Reception'),
    member(h, scene.site, ['admin'], 'Adi Admin'),
    member(h, { id: otherSite.id, organisationId: scene.organisation.id }, ['coordinator'], 'Oz Other'),
  ]);
  const revoked = await pairKioskAt(h, scene.site, 'Revoked kiosk');
  await revokeKioskDevice(h.db, { siteId: scene.site.id, deviceId: revoked.deviceId, now: new Date() });
  // A kiosk for admins to revoke (each allowed call gets its own, so a second revocation is not a NOT_FOUND).
  const spare = await pairKioskAt(h, scene.site, 'Spare kiosk');
  const pin = await givePin(escort, '135790');

  const visitFor = (hostName: string) => signInVisitor(h, scene, { hostName });
  const visit = {
    confirm: await visitFor('Ana Silva'),
    accept: await visitFor('Ben Okoro'),
    escortOut: await visitFor('Ana Silva'),
    pin: await visitFor('Ana Silva'),
    board: await visitFor('Nobody Here'),
    kioskOut: await visitFor('Nobody Here'),
  };
  // Ben holds `accept` and offers it to Ana; Ana is with `escortOut`.
  await colleague.as().escorts.confirm({ siteId: site, visitId: visit.accept.visitId });
  await colleague.as().escorts.offerHandover({ siteId: site, visitId: visit.accept.visitId, toStaffId: escort.id });
  await escort.as().escorts.confirm({ siteId: site, visitId: visit.escortOut.visitId });
  // Cy leaves duty while assigned a visitor: that raises an alert.
  const astray = await visitFor('Cy Tan');
  await throwaway.as().escorts.setDuty({ siteId: site, onDuty: false });
  const [alert] = await alertsOf(h, astray.visitId);
  // A visitor who gives an email address gets their signed copy: an outbox message at the site.
  await scene.caller.visits.signIn(visitorInput(scene, { email: 'visitor@example.org' }));
  const message = await h.db.query.outboxMessage.findFirst({
    where: (t, { and, eq }) => and(eq(t.siteId, site), eq(t.template, 'signed_form_copy')),
  });
  const policy = (await escort.as().staff.myStatus({ siteId: site })).policies.find((p) => p.language === 'en');
  if (!alert || !message || !policy) throw new Error('fixtures incomplete');

  const cookie = (m: { cookie: string }) => ({ cookie: m.cookie });
  const headers: Fixtures['headers'] = {
    anonymous: {},
    kiosk: { authorization: `Bearer ${scene.kiosk.token}` },
    revokedKiosk: { authorization: `Bearer ${revoked.token}` },
    escort: cookie(escort),
    reception: cookie(reception),
    coordinator: cookie(scene.coordinator),
    otherCoordinator: cookie(otherCoordinator),
    admin: cookie(admin),
  };
  const codes = await Promise.all(
    everyone.map((who) =>
      createPairingCode(h.db, {
        siteId: site,
        organisationId: scene.organisation.id,
        createdByStaffId: null,
        now: new Date(),
      }).then(({ code }) => [who, code] as const),
    ),
  );
  f = {
    scene,
    site,
    otherSite: otherSite.id,
    headers,
    ids: { escort: escort.id, colleague: colleague.id, throwaway: throwaway.id },
    pairingCodes: Object.fromEntries(codes) as Record<Who, string>,
    visit,
    alertId: alert.id,
    messageId: message.id,
    policyId: policy.id,
    pin,
    devices: { revoked: revoked.deviceId, spare: spare.deviceId },
  };
});

type Inputs = inferRouterInputs<AppRouter>;
type Path = { [N in keyof Inputs & string]: `${N}.${keyof Inputs[N] & string}` }[keyof Inputs & string];
type InputAt<P> = P extends `${infer N}.${infer M}`
  ? N extends keyof Inputs
    ? M extends keyof Inputs[N]
      ? Inputs[N][M]
      : never
    : never
  : never;
interface Entry<P extends Path> {
  allowed: readonly Who[];
  input: (who: Who) => InputAt<P>;
}

const here = () => ({ siteId: f.site });
const visitHere = (v: keyof Fixtures['visit']) => () => ({ siteId: f.site, visitId: f.visit[v].visitId });

/**
 * Who may call what (everyone else is refused). Listed in the order the calls run: a success that changes state
 * (confirm, then offer, then cancel a handover) comes before what depends on it. A new procedure needs a row here.
 */
const matrix: { [P in Path]: Entry<P> } = {
  'kiosk.pair': { allowed: everyone, input: (who) => ({ code: f.pairingCodes[who], deviceName: `Kiosk of ${who}` }) },
  'kiosk.status': { allowed: ['kiosk'], input: () => undefined },
  'kiosk.documents': { allowed: ['kiosk'], input: () => ({ language: 'en' }) },
  'kiosk.checkSignatureReference': {
    allowed: ['kiosk'],
    input: () => ({ ...f.scene.documents.form, reference: 'ACDEFGHJ', fullName: 'Grace Hopper' }),
  },
  'kiosk.confirmEscortWithPin': { allowed: ['kiosk'], input: () => ({ visitCode: f.visit.pin.visitCode, pin: f.pin }) },
  'kiosk.createPairingCode': { allowed: ['admin'], input: here },
  'kiosk.devices': { allowed: ['admin'], input: here },
  'kiosk.renameDevice': {
    allowed: ['admin'],
    input: () => ({ ...here(), deviceId: f.devices.revoked, name: 'Old tablet' }),
  },
  'kiosk.revokeDevice': { allowed: ['admin'], input: () => ({ ...here(), deviceId: f.devices.spare }) },
  'visits.signIn': { allowed: ['kiosk'], input: () => visitorInput(f.scene, { fullName: 'Matrix Visitor' }) },
  'visits.signOut': { allowed: ['kiosk'], input: () => ({ visitCode: f.visit.kioskOut.visitCode }) },
  'visits.onSite': { allowed: deskRoles, input: here },
  'visits.downloadSignedForm': { allowed: ['coordinator'], input: visitHere('board') },
  'visits.detail': { allowed: ['coordinator'], input: visitHere('board') },
  'alerts.open': { allowed: deskRoles, input: here },
  'alerts.acknowledge': { allowed: deskRoles, input: () => ({ ...here(), alertId: f.alertId, note: 'Found them' }) },
  'escorts.list': { allowed: deskRoles, input: here },
  'escorts.assign': { allowed: deskRoles, input: () => ({ ...visitHere('board')(), staffId: f.ids.escort }) },
  'escorts.recordTraining': {
    allowed: ['coordinator', 'admin'],
    input: () => ({ ...here(), staffId: f.ids.escort, completedOn: new Date().toISOString().slice(0, 10) }),
  },
  'escorts.colleagues': { allowed: ['escort'], input: here },
  'escorts.mine': { allowed: ['escort'], input: here },
  'escorts.confirm': { allowed: ['escort'], input: visitHere('confirm') },
  'escorts.offerHandover': {
    allowed: ['escort'],
    input: () => ({ ...visitHere('confirm')(), toStaffId: f.ids.colleague }),
  },
  'escorts.cancelHandover': { allowed: ['escort'], input: visitHere('confirm') },
  'escorts.acceptHandover': { allowed: ['escort'], input: visitHere('accept') },
  'escorts.signOut': { allowed: ['escort'], input: visitHere('escortOut') },
  'escorts.setDuty': { allowed: ['escort'], input: () => ({ ...here(), onDuty: true }) },
  'live.site': { allowed: anyRoleHere, input: here },
  'audit.verify': { allowed: ['coordinator', 'admin'], input: here },
  // Admins see that mail flows (addresses masked); opening a message shows the visitor's signed form.
  'outbox.list': { allowed: ['coordinator', 'admin'], input: here },
  // A message holds the visitor's signed form: visit details, which admins see only where they are also coordinator.
  'outbox.message': { allowed: ['coordinator'], input: () => ({ ...here(), messageId: f.messageId }) },
  'staff.me': { allowed: staff, input: () => undefined },
  'staff.myStatus': { allowed: anyRoleHere, input: here },
  'staff.acknowledgePolicy': { allowed: anyRoleHere, input: () => ({ ...here(), documentId: f.policyId }) },
  'staff.setPin': { allowed: staff, input: () => ({ pin: '864209' }) },
  'staff.deactivate': { allowed: ['admin'], input: () => ({ ...here(), staffId: f.ids.throwaway }) },
};
const paths = Object.keys(matrix) as Path[];

/** The procedures the router really has, by path, with their kind. */
function procedures(): Map<string, string> {
  const flat: Record<string, unknown> = appRouter._def.procedures;
  const kinds = new Map<string, string>();
  for (const [path, proc] of Object.entries(flat)) {
    const def: unknown = typeof proc === 'function' && '_def' in proc ? proc._def : undefined;
    const type = def && typeof def === 'object' && 'type' in def ? def.type : undefined;
    kinds.set(path, typeof type === 'string' ? type : 'unknown');
  }
  return kinds;
}

/** Why a refused identity is refused: no valid credential of the kind the procedure takes, or the wrong role/site. */
function expectedRefusal(path: Path, who: Who): 'UNAUTHORIZED' | 'FORBIDDEN' {
  const kioskProcedure = matrix[path].allowed.includes('kiosk');
  return !kioskProcedure && staff.includes(who) ? 'FORBIDDEN' : 'UNAUTHORIZED';
}

const createCaller = createCallerFactory(appRouter);
type Invoke = (input: unknown) => Promise<unknown>;

/** Calls `path` as `who`; a subscription must yield its first message (live.site: a resync) and is then left. */
async function invoke(path: Path, who: Who, input: unknown): Promise<unknown> {
  const leave = new AbortController();
  const req = new Request('http://localhost/trpc', { headers: f.headers[who] });
  const caller = createCaller(createContextFactory({ db: h.db, auth: h.auth, live })({ req }), {
    signal: leave.signal,
  });
  const [group, name] = path.split('.');
  // The caller is a proxy: any path resolves to a function, so this lookup cannot miss.
  const fn = (caller as unknown as Record<string, Record<string, Invoke>>)[group ?? '']?.[name ?? ''];
  if (!fn) throw new Error(`no caller for ${path}`);
  const result = await fn(input);
  if (procedures().get(path) !== 'subscription') return result;
  try {
    const iterable = result as AsyncIterable<unknown>;
    const first = await iterable[Symbol.asyncIterator]().next();
    expect(first).toEqual({ done: false, value: { type: 'resync' } });
    return first.value;
  } finally {
    leave.abort();
  }
}

async function outcome(path: Path, who: Who): Promise<string> {
  try {
    await invoke(path, who, matrix[path].input(who));
    return 'ok';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

// Runs before the matrix, while the alert is still open and the visit still unassigned.
describe('a coordinator of another site, naming their own site', () => {
  const theirs = () => ({ siteId: f.otherSite });
  const cases: { [P in Path]?: () => InputAt<P> } = {
    'visits.detail': () => ({ ...theirs(), visitId: f.visit.board.visitId }),
    'escorts.assign': () => ({ ...theirs(), visitId: f.visit.board.visitId, staffId: f.ids.escort }),
    'alerts.acknowledge': () => ({ ...theirs(), alertId: f.alertId, note: 'Not my site' }),
    'outbox.message': () => ({ ...theirs(), messageId: f.messageId }),
    'escorts.recordTraining': () => ({ ...theirs(), staffId: f.ids.escort, completedOn: '2026-01-05' }),
  };
  it.each(Object.keys(cases) as Path[])('cannot reach this site’s records through %s', async (path) => {
    const input = cases[path];
    if (!input) throw new Error(`no case for ${path}`);
    await expect(invoke(path, 'otherCoordinator', input())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the authorization matrix', () => {
  it('has exactly one row per procedure of appRouter', () => {
    const real = [...procedures().keys()].sort();
    expect(real.length).toBeGreaterThan(0);
    expect(
      paths.filter((p) => !real.includes(p)),
      'rows for procedures that no longer exist',
    ).toEqual([]);
    expect(
      real.filter((p) => !(paths as string[]).includes(p)),
      'procedures without a row: decide who may call them',
    ).toEqual([]);
  });

  // Refused identities first, so a refusal is checked against state an allowed call has not changed yet.
  it.each(paths)('%s', async (path) => {
    const { allowed } = matrix[path];
    const refusedIds = everyone.filter((who) => !allowed.includes(who));
    const got: Record<string, string> = {};
    for (const who of [...refusedIds, ...allowed]) got[who] = await outcome(path, who);
    const want = Object.fromEntries(refusedIds.map((who) => [who, expectedRefusal(path, who)]));
    expect(Object.fromEntries(refusedIds.map((who) => [who, got[who]]))).toEqual(want);
    // Allowed: it ran, or failed for a domain reason (the fixture was used up by an earlier identity).
    for (const who of allowed) expect(['ok', 'CONFLICT', 'NOT_FOUND'], `${who} calling ${path}`).toContain(got[who]);
  });
});
