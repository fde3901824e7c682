import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { formErrorsOf } from './form-errors.ts';

/** A refusal as the server's error formatter shapes it (see packages/api/src/field-errors.test.ts). */
function refusal(message: string, fieldErrors: { path: string; message: string; key?: string }[]) {
  return TRPCClientError.from({
    error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400, fieldErrors } },
  });
}

describe('formErrorsOf', () => {
  it('puts each field error beside its own field', () => {
    const error = refusal('Give the site a name; Choose a time zone', [
      { path: 'name', message: 'Give the site a name', key: 'name.too_small' },
      { path: 'timezone', message: 'Choose a time zone', key: 'timezone.custom' },
    ]);
    expect(formErrorsOf(error, ['name', 'timezone'])).toEqual({
      fields: { name: 'Give the site a name', timezone: 'Choose a time zone' },
      message: null,
    });
  });

  it('a rule checked on the server lands on its field too, by its field error and not by its wording', () => {
    const error = refusal('Choose a review-by date after today (2031-03-11) to save the draft', [
      {
        path: 'reviewBy',
        message: 'Choose a review-by date after today (2031-03-11) to save the draft',
        key: 'reviewBy.past',
      },
    ]);
    expect(formErrorsOf(error, ['title', 'reviewBy']).fields).toEqual({
      reviewBy: 'Choose a review-by date after today (2031-03-11) to save the draft',
    });
  });

  it('a field the form does not show is named plainly, never by its raw name', () => {
    const error = refusal('Say what was done', [{ path: 'note', message: 'Say what was done', key: 'note.too_small' }]);
    const { fields, message } = formErrorsOf(error, ['alertIds']);
    expect(fields).toEqual({});
    expect(message).toBe('Note: Say what was done');
    expect(message).not.toContain('note:');
  });

  it('a field with no plain name yet is "This answer"; list positions never show', () => {
    const error = refusal('Choose a role', [
      { path: 'brandNewField', message: 'Choose one' },
      { path: 'roles.2', message: 'Choose a role' },
    ]);
    expect(formErrorsOf(error, []).message).toBe('This answer: Choose one Roles: Choose a role');
  });

  it('an error without field errors is the message as the server wrote it', () => {
    const error = TRPCClientError.from({
      error: {
        message: 'There is no such visit at this site.',
        code: -32004,
        data: { code: 'NOT_FOUND', httpStatus: 404, fieldErrors: [] },
      },
    });
    expect(formErrorsOf(error, ['note'])).toEqual({ fields: {}, message: 'There is no such visit at this site.' });
  });

  it('anything but a server refusal gets a plain general message', () => {
    expect(formErrorsOf(new Error('socket hang up'), ['note']).message).toBe('Something went wrong. Please try again.');
    expect(formErrorsOf(null, ['note'])).toEqual({ fields: {}, message: null });
  });
});
