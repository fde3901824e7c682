import { it } from 'vitest';
import { callerFor, createHarness, httpCall } from './test-support/harness.ts';
const broken = createHarness({ url: 'postgres://nobody:secret-password@127.0.0.1:1/nowhere', max: 1 });
it('x', async () => {
  const res = await httpCall(broken, {}, { path: 'kiosk.pair', type: 'mutation', input: { code: '123456' } });
  console.log(res.text);
  try { await callerFor(broken).kiosk.pair({ code: '123456' }); } catch (e) { console.log((e as Error).message, (e as {code:string}).code, String((e as Error).cause)); }
});
