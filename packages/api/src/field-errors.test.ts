import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member } from './test-support/escort-harness.ts';
import {
  createHarness,
  errorOf,
  httpCall,
  kioskScene,
  testPasswordHash,
  visitorInput,
} from './test-support/harness.ts';

const h = createHarness();
afterAll(() => h.close());
beforeAll(() => testPasswordHash());

const LONG_NAME = 'A'.repeat(300);

describe('field errors over HTTP', () => {
  it('a 300-character name: each field keyed and with its limit, the message one plain sentence without paths', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      { path: 'visits.signIn', type: 'mutation', input: visitorInput(scene, { fullName: LONG_NAME }) },
    );
    expect(res.status).toBe(400);
    const error = errorOf(res);
    const tooLong = 'Your full name must be 120 characters or fewer';
    expect(error.data.fieldErrors).toEqual([
      { path: 'fullName', key: 'fullName.too_big', params: { maximum: 120 }, message: tooLong },
      { path: 'signature.typedName', key: 'signature.typedName.too_big', params: { maximum: 120 }, message: tooLong },
    ]);
    // The name and its typed copy say the same thing: said once, and no field's name reaches a person.
    expect(error.message).toBe(tooLong);
    expect(res.text).not.toContain('fullName:');
  });

  it('distinct problems are each said once, without paths', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      {
        path: 'visits.signIn',
        type: 'mutation',
        input: visitorInput(scene, { organisation: '', purpose: 'B'.repeat(501) }),
      },
    );
    const error = errorOf(res);
    expect(error.data.fieldErrors.map((f) => f.key)).toEqual(['organisation.too_small', 'purpose.too_big']);
    expect(error.message).toBe('Enter your organisation; Your reason for visiting must be 500 characters or fewer');
  });

  it('a key leaves out list positions; the path keeps them', async () => {
    const scene = await kioskScene(h);
    const admin = await member(h, scene.site, ['admin']);
    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      {
        path: 'accounts.create',
        type: 'mutation',
        input: { siteId: scene.site.id, name: 'New Person', email: 'new@example.org', roles: ['boss'] },
      },
    );
    expect(res.status).toBe(400);
    const [issue] = errorOf(res).data.fieldErrors;
    expect(issue).toMatchObject({ path: 'roles.0', key: 'roles.invalid_value' });
  });

  it('input that is not an object is named `input`', async () => {
    const scene = await kioskScene(h);
    const res = await httpCall(
      h,
      { kioskToken: scene.kiosk.token },
      { path: 'visits.signIn', type: 'mutation', input: 'not an object' },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).data.fieldErrors).toEqual([
      expect.objectContaining({ path: 'input', key: 'input.invalid_type' }),
    ]);
  });

  it('a rule checked on the server comes back as a field error with its key, and a message without the field', async () => {
    const scene = await kioskScene(h);
    const admin = await member(h, scene.site, ['admin']);
    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      { path: 'staff.deactivate', type: 'mutation', input: { siteId: scene.site.id, staffId: admin.id } },
    );
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      message: 'You cannot deactivate yourself',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        fieldErrors: [{ path: 'staffId', key: 'staffId.self', message: 'You cannot deactivate yourself' }],
      },
    });
  });

  it('a server rule quoting a value passes it as a parameter, for translation', async () => {
    const scene = await kioskScene(h);
    const admin = await member(h, scene.site, ['admin']);
    const res = await httpCall(
      h,
      { cookie: admin.cookie },
      {
        path: 'documents.saveDraft',
        type: 'mutation',
        input: {
          siteId: scene.site.id,
          kind: 'staff_policy',
          language: 'en',
          title: 'Staff policy',
          body: 'Text',
          reviewBy: '2000-01-01',
        },
      },
    );
    expect(res.status).toBe(400);
    const [issue] = errorOf(res).data.fieldErrors;
    expect(issue).toMatchObject({ path: 'reviewBy', key: 'reviewBy.past' });
    expect(issue?.message).toMatch(/^Choose a review-by date after today \(\d{4}-\d{2}-\d{2}\)/);
    expect(issue).toHaveProperty('params.today', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
  });
});
