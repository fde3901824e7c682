import { afterAll, describe, expect, it } from 'vitest';
import { NEUTRAL_SIGN_OUT_MISS } from './domain/sign-out.ts';
import { callerFor, createHarness, errorOf, httpCall, kioskScene, visitorInput } from './test-support/harness.ts';

const GENERIC = 'Something went wrong on our side. Nothing was saved; please try again.';

const h = createHarness();
// Nothing listens on port 1, so every query through this harness fails inside the procedure.
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
  it('an internal error carries the generic message, no stack and no detail of the cause', async () => {
    const res = await httpCall(broken, {}, { path: 'kiosk.pair', type: 'mutation', input: { code: '123456' } });
    expect(res.status).toBe(500);
    const error = errorOf(res);
    expect(error.message).toBe(GENERIC);
    expect(error.data).toEqual({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, fieldErrors: [] });
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
      code: 'INTERNAL_SERVER_ERROR',
      message: expect.stringContaining('Failed query'),
    });
  });

  it('an internal error in a query is shaped the same way', async () => {
    const res = await httpCall(
      broken,
      { kioskToken: 'some-token' },
      { path: 'kiosk.status', type: 'query', input: undefined },
    );
    expect(res.status).toBe(500);
    expect(errorOf(res)).toMatchObject({ message: GENERIC, data: { code: 'INTERNAL_SERVER_ERROR' } });
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
      message: 'fullName: Enter your full name',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        fieldErrors: [{ path: 'fullName', message: 'Enter your full name' }],
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
