import { describe, expect, it } from 'vitest';
import { outboxFailureLabel, outboxTemplateLabel } from './outbox-labels.ts';

describe('outbox labels', () => {
  it('names each kind of email, and does not invent one it does not know', () => {
    expect(outboxTemplateLabel('signed_form_copy')).toBe('Signed form copy (to the visitor)');
    expect(outboxTemplateLabel('mail_failed')).toBe('Email failure notice (to admins)');
    expect(outboxTemplateLabel('something_new')).toBe('Other email');
  });

  it('says why sending failed in words, keeping the code for whoever looks after the server', () => {
    expect(outboxFailureLabel('EENVELOPE 550')).toBe('the mail server refused the address (EENVELOPE 550)');
    expect(outboxFailureLabel('ESOCKET')).toBe('the mail server could not be reached (ESOCKET)');
    expect(outboxFailureLabel('WHATEVER')).toBe('sending failed (WHATEVER)');
    expect(outboxFailureLabel(null)).toBeNull();
  });
});
