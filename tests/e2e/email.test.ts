import { rm } from 'node:fs/promises';
import { parseMail, startTestSmtp, type TestSmtp } from '@threshold/api/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, signInThroughApi } from '../support/api.ts';
import { type RunningServer, startServer, tempDataDir } from '../support/server.ts';

let smtp: TestSmtp;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = await tempDataDir();
  server = await startServer({
    THRESHOLD_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Threshold <desk@example.org>',
  });
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('email through SMTP_URL (a real SMTP server)', () => {
  it('sends the visitor their signed copy once, with minimal personal data and a confidentiality notice', async () => {
    expect(server.output()).toContain('Email: sent through SMTP_URL');
    const { token } = await apiClient(server.url).kiosk.pair.mutate({ code: server.pairingCode() ?? '' });
    await signInThroughApi(apiClient(server.url, { kioskToken: token }), {
      fullName: 'Imogen Featherstonehaugh',
      organisation: 'Secret Research Unit',
      email: 'imogen@example.org',
    });
    await expect.poll(() => smtp.received.length, { timeout: 20_000, interval: 250 }).toBe(1);
    const [mail] = smtp.received;
    expect(mail?.rcptTo).toEqual(['imogen@example.org']);
    const parsed = parseMail(mail?.raw ?? '');
    expect(parsed.text).toContain('Imogen F.');
    expect(parsed.text).toContain('CONFIDENTIALITY NOTICE');
    for (const secret of ['Featherstonehaugh', 'Secret Research Unit', 'Boiler service', 'Riverside House']) {
      expect(parsed.text).not.toContain(secret);
      expect(parsed.headers.get('subject') ?? '').not.toContain(secret);
    }
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['signed-confidentiality-form.pdf']);
    expect(parsed.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-');

    const sql = postgres(/application role\): (\S+)/.exec(server.output())?.[1] ?? '', { max: 1 });
    try {
      const rows = await sql`select status, to_address, sent_at from outbox_message`;
      expect(rows).toHaveLength(1);
      expect(rows[0]?.status).toBe('sent');
      expect(rows[0]?.to_address).toBeNull();
    } finally {
      await sql.end();
    }
    // Exactly once: later runs of the sender find nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(smtp.received).toHaveLength(1);
  });
});
