import { afterAll, describe, expect, it } from 'vitest';
import { NEUTRAL_SIGN_OUT_MISS } from './domain/sign-out.ts';
import { callerFor, createHarness, errorOf, httpCall, kioskScene, visitorInput } from './test-support/harness.ts';
import { DATABASE_UNAVAILABLE } from './trpc.ts';

const h = createHarness();
// Nothing listens on port 1, so every query through this harness fails to connect inside the procedure.
const broken = createHarness({ url: 'postgres://nobody:secret-password@127.0.0.1:1/nowhere', max: 1 });
afterAll(async () => {
  await h.close();
  await broken.close();
});

function expectNoLeak(text: string) {
  expect(text).not.toMatch(/stack/i);
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toContain('node_modules');
  expect(text).not.toContain('at async');
}

describe('errors over HTTP', () => {
  it('an unreachable database answers 503 with a plain message, no stack and no detail of the cause', async () => {
    const res = await httpCall(broken, {}, { path: 'kiosk.pair', type: 'mutation', input: { code: '123456' } });
    expect(res.status).toBe(503);
    const error = errorOf(res);
    expect(error.message).toBe(DATABASE_UNAVAILABLE);
    expect(error.data).toEqual({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, fieldErrors: [] });
    expectNoLeak(res.text);
    expect(res.text).not.toContain('ECONNREFUSED');
    expect(res.text).not.toContain('127.0.0.1');
    expect(res.text).not.toContain('secret-password');
    // The underlying error quotes the SQL and its parameters (which may hold visitor names).
    expect(res.text).not.toContain('Failed query');
    expect(res.text).not.toContain('kiosk-pairing-failures');
  });

  it('hides a cause that really does carry detail (checked through a server-side caller)', async () => {
    await expect(callerFor(broken).kiosk.pair({ code: '123456' })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: DATABASE_UNAVAILABLE,
      cause: expect.objectContaining({ message: expect.stringContaining('Failed query') }),
    });
  });

  it('a query that cannot reach the database is shaped the same way', async () => {
    const res = await httpCall(
      broken,
      { kioskToken: 'some-token' },
      { path: 'kiosk.status', type: 'query', input: undefined },
    );
    expect(res.status).toBe(503);
    expect(errorOf(res)).toMatchObject({ message: DATABASE_UNAVAILABLE, data: { code: 'SERVICE_UNAVAILABLE' } });
    expectNoLeak(res.text);
  });

  it('a domain error keeps its own message and code, without a stack', async () => {
    const { kiosk } = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: kiosk.token },
      {
        path: 'visits.signOut',
        type: 'mutation',
        input: { visitCode: 'CCCCCC' },
      },
    );
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({
      message: NEUTRAL_SIGN_OUT_MISS,
      code: -32004,
      data: { code: 'NOT_FOUND', httpStatus: 404, fieldErrors: [] },
    });
    expectNoLeak(res.text);
  });

  it('an unauthenticated call says why, without a stack', async () => {
    const res = await httpCall(h, {}, { path: 'kiosk.status', type: 'query', input: undefined });
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatchObject({
      message: 'This kiosk is not paired. Ask an admin to pair it.',
      data: { code: 'UNAUTHORIZED', fieldErrors: [] },
    });
    expectNoLeak(res.text);
  });

  it('a validation error lists each field and no zod internals', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: { ...visitorInput(scene), fullName: '' },
      },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      message: 'Enter your full name',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        fieldErrors: [
          { path: 'fullName', key: 'fullName.too_small', params: { minimum: 1 }, message: 'Enter your full name' },
        ],
      },
    });
    expectNoLeak(res.text);
  });

  it('a visitor whose departure went unconfirmed at day end can still sign out at the kiosk', async () => {
    const scene = await kioskScene(h);
    const { organisation, kiosk, caller } = scene;
    const { visitCode } = await caller.visits.signIn(visitorInput(scene));
    await h.handle.sql`update visit set state = 'departure_unconfirmed'
                       where organisation_id = ${organisation.id} and visit_code = ${visitCode}`;
    const res = await httpCall(
      h,
      { kioskToken: kiosk.token },
      { path: 'visits.signOut', type: 'mutation', input: { visitCode } },
    );
    expect(res.status).toBe(200);
    const [row] = await h.handle.sql<{ state: string }[]>`
      select state from visit where organisation_id = ${organisation.id}`;
    expect(row).toEqual({ state: 'signed_out' });
  });

  it('an unknown procedure is a NOT_FOUND without a stack', async () => {
    const res = await httpCall(h, {}, { path: 'visits.deleteEverything', type: 'mutation', input: {} });
    expect(res.status).toBe(404);
    expect(errorOf(res).data.code).toBe('NOT_FOUND');
    expectNoLeak(res.text);
  });
});
