import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escortScene, makeEligibleEscort, signInVisitor } from '../test-support/escort-harness.ts';
import { createHarness, testPasswordHash } from '../test-support/harness.ts';
import { sendFor, useTestSmtp } from './outbox-test-scene.ts';
import { parseMail } from './smtp-test-server.ts';

const h = createHarness({ max: 4 });
const testMail = useTestSmtp();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

/** Signs `fullName` in naming an escort, sends the "a visitor needs you" email over SMTP and returns its text. */
async function escortEmailFor(fullName: string) {
  const scene = await escortScene(h);
  await makeEligibleEscort(h, scene, { name: 'Dara Chan' });
  await signInVisitor(h, scene, { fullName, hostName: 'Dara Chan' });
  const before = testMail.smtp.received.length;
  await sendFor(h, testMail.mailer, scene.organisation.id).run();
  const received = testMail.smtp.received.slice(before);
  expect(received).toHaveLength(1);
  return parseMail(received[0]?.raw ?? '');
}

describe('the escort email as received', () => {
  it('ends the sentence after the initial with one period, and mentions no attachment', async () => {
    const mail = await escortEmailFor('Kwame Mensah');
    expect(mail.text).toContain('You are the escort for Kwame M.\nPlease go to them now');
    expect(mail.text).not.toContain('..');
    expect(mail.text).not.toMatch(/attach/i);
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain('CONFIDENTIALITY NOTICE: This email is confidential');
  });

  it('keeps a right-to-left name in reading order, isolated from the English sentence', async () => {
    const mail = await escortEmailFor('محمد علي');
    expect(mail.text).toContain('You are the escort for \u2068محمد ع.\u2069.\n');
    expect(mail.text).not.toContain('علي');
  });

  it('names a visitor with emoji in their name by their letters', async () => {
    const mail = await escortEmailFor('😀 Dara 🌸 Kim');
    expect(mail.text).toContain('You are the escort for Dara K.\n');
  });
});
