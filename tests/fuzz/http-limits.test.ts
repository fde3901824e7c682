import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitMessages, requestLimits } from '../../apps/server/src/request-limits.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

/** The request-level limits on the real server, over real HTTP: refused whole, in plain words, nothing run. */
let server: RunningServer;
let dataDir: string;
const MARKER = 'zq-internal-marker';

beforeAll(async () => {
  dataDir = await tempDataDir();
  server = await startServer({ THRESHOLD_DATA_DIR: dataDir });
});
afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

async function answer(res: Response) {
  const text = await res.text();
  const json = JSON.parse(text) as {
    error?: { json?: { message: string; data?: { fieldErrors?: { path: string }[] } } };
    message?: string;
    field?: string;
  };
  // The fields a refusal names: tRPC's field errors, or better-auth's body field.
  const fields = json.error?.json?.data?.fieldErrors?.map((f) => f.path) ?? (json.field ? [json.field] : []);
  return { status: res.status, text, message: json.error?.json?.message ?? json.message ?? '', fields };
}

const nested = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
const pairCalls = (n: number, code: string) => ({
  path: `/trpc/${Array(n).fill('kiosk.pair').join(',')}?batch=1`,
  body: JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { code } }]))),
});

describe('batches', () => {
  it(`refuses more than ${requestLimits.maxBatchCalls} calls in one request without running any of them`, async () => {
    const code = server.pairingCode() ?? '';
    const tooMany = pairCalls(requestLimits.maxBatchCalls + 1, code);
    expect(await answer(await post(tooMany.path, tooMany.body))).toMatchObject({
      status: 400,
      message: limitMessages.tooManyCalls,
    });
    const commaEncoded = tooMany.path.replaceAll(',', '%2C');
    expect((await post(commaEncoded, tooMany.body)).status).toBe(400);
    // The one-time code was not used by any of those calls: it still pairs a kiosk.
    const single = await post('/trpc/kiosk.pair', JSON.stringify({ json: { code } }));
    expect(single.status).toBe(200);
  });

  it(`answers a batch of exactly ${requestLimits.maxBatchCalls}, one answer per call`, async () => {
    const batch = pairCalls(requestLimits.maxBatchCalls, '000000');
    const res = await post(batch.path, batch.body);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as unknown[]).length).toBe(requestLimits.maxBatchCalls);
  });
});

describe('bodies', () => {
  it('refuses a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ json: { code: 'x'.repeat(requestLimits.maxBodyBytes) } });
    expect(await answer(await post('/trpc/kiosk.pair', big))).toMatchObject({
      status: 413,
      message: limitMessages.tooLarge,
    });
  });

  it('refuses malformed JSON in fixed words that quote nothing of it', async () => {
    const res = await answer(await post('/trpc/kiosk.pair', `{"json": {"code": "${MARKER}`));
    expect(res).toMatchObject({ status: 400, message: limitMessages.notJson });
    expect(res.text).not.toContain(MARKER);
  });

  it(`refuses nesting deeper than ${requestLimits.maxDepth} before any parser recurses into it`, async () => {
    for (const depth of [requestLimits.maxDepth + 1, 100_000]) {
      const res = await answer(await post('/trpc/kiosk.pair', `{"json":${nested(depth)}}`));
      expect(res).toMatchObject({ status: 400, message: limitMessages.tooDeep });
    }
    const get = await answer(
      await fetch(`${server.url}/trpc/kiosk.status?input=${encodeURIComponent(nested(1_000))}`, {}),
    );
    expect(get).toMatchObject({ status: 400, message: limitMessages.tooDeep });
    // Within the limit, the schema answers and names the field.
    const shallow = await answer(
      await post('/trpc/kiosk.pair', `{"json":{"code":"123456","deviceName":${nested(20)}}}`),
    );
    expect(shallow.status).toBe(400);
    expect(shallow.fields).toEqual(['deviceName']);
  });
});

describe('what refusals say', () => {
  it('never echoes a path, a content type or a query', async () => {
    const answers = [
      await post(`/trpc/${MARKER}`, '{}'),
      await post('/trpc/kiosk.pair', 'x', { 'content-type': `text/${MARKER}` }),
      await fetch(`${server.url}/trpc/kiosk.pair?input=${MARKER}`),
      await fetch(`${server.url}/trpc/kiosk.status?input=${encodeURIComponent(`{"${MARKER}":`)}`),
    ];
    for (const res of answers) {
      const { status, text } = await answer(res);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(text).not.toContain(MARKER);
    }
  });

  it('refuses a NUL in kiosk.pair from anyone, naming the field (it was a 500)', async () => {
    const res = await answer(
      await post('/trpc/kiosk.pair', JSON.stringify({ json: { code: '123456', deviceName: 'Tab\u0000let' } })),
    );
    expect(res.status).toBe(400);
    expect(res.fields).toEqual(['deviceName']);
    expect(res.message).not.toMatch(/deviceName/);
  });

  it('refuses control characters and malformed JSON in better-auth bodies before better-auth sees them', async () => {
    const nul = await answer(
      await post('/api/auth/sign-in/email', JSON.stringify({ email: 'a\u0000@b.org', password: 'x' })),
    );
    expect(nul).toMatchObject({ status: 400 });
    expect(nul.fields).toEqual(['email']);
    expect(nul.message).not.toMatch(/email/);
    const broken = await answer(await post('/api/auth/sign-in/email', `{"email": "${MARKER}`));
    expect(broken).toMatchObject({ status: 400, message: limitMessages.notJson });
    expect(broken.text).not.toContain(MARKER);
  });
});

// Last: the server stops reading a streamed body at the limit and closes that connection. A client still sending
// may see the connection close before it reads the 413 (as with any server that will not read the rest): either
// way the body was refused.
it('refuses a streamed body (no declared length) once it passes 1 MB', async () => {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 40) controller.enqueue(chunk);
      else controller.close();
    },
  });
  const outcome = await post('/trpc/kiosk.pair', stream).then(
    (res) => res.status,
    () => 'connection closed while sending',
  );
  expect([413, 'connection closed while sending']).toContain(outcome);
});
