import { readFileSync } from 'node:fs';
import { type FieldError, fieldErrorOfIssue, signInInput } from '@threshold/validators';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorText } from './field-error-text.ts';
import { type AnswerField, checkAnswer, errorsOnStep, firstStepToFix, stepOfField } from './step-rules.ts';
import { signInSteps } from './types.ts';

const locale = (code: string) =>
  JSON.parse(readFileSync(new URL(`../locales/${code}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
beforeAll(() =>
  i18n.init({
    resources: { en: { translation: locale('en') }, km: { translation: locale('km') } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  }),
);
const say = (language: string, error: FieldError) => fieldErrorText(i18n.getFixedT(language), language, error);

const LONG_NAME = 'A'.repeat(300);

describe('checking one answer with the shared schema', () => {
  it('refuses a 300-character name with the limit and key the server uses', async () => {
    expect(await checkAnswer('fullName', LONG_NAME)).toEqual({
      path: 'fullName',
      key: 'fullName.too_big',
      params: { maximum: 120 },
      message: 'Your full name must be 120 characters or fewer',
    });
  });

  it('gives exactly the field error the server’s whole-input check gives', async () => {
    const whole = signInInput.safeParse({ fullName: LONG_NAME });
    const serverSays = whole.error?.issues.map(fieldErrorOfIssue).find((e) => e.path === 'fullName');
    expect(serverSays).toBeDefined();
    expect(await checkAnswer('fullName', LONG_NAME)).toEqual(serverSays);
  });

  it('accepts answers at the limit and refuses one character more', async () => {
    expect(await checkAnswer('fullName', 'A'.repeat(120))).toBeNull();
    expect(await checkAnswer('organisation', 'O'.repeat(160))).toBeNull();
    expect((await checkAnswer('organisation', 'O'.repeat(161)))?.key).toBe('organisation.too_big');
    expect(await checkAnswer('purpose', 'P'.repeat(500))).toBeNull();
    expect((await checkAnswer('purpose', 'P'.repeat(501)))?.key).toBe('purpose.too_big');
  });

  it.each([
    ['fullName', 'fullName.too_small', '   '],
    ['hostName', 'hostName.too_small', ''],
    ['fullName', 'fullName.custom', 'Dara\u0000Kim'],
    ['email', 'email.invalid_format', 'not an address'],
    ['signature.typedName', 'signature.typedName.too_big', 'T'.repeat(121)],
  ] as const)('%s is refused as %s', async (field, key, value) => {
    const error = await checkAnswer(field, value);
    expect(error).toMatchObject({ path: field, key });
  });

  it('an empty email is fine: it is optional', async () => {
    expect(await checkAnswer('email', '')).toBeNull();
    expect(await checkAnswer('email', ' name@example.org ')).toBeNull();
  });
});

describe('field errors on their steps', () => {
  it('names the step that holds each field', () => {
    expect(stepOfField('fullName')).toBe('name');
    expect(stepOfField('hostName')).toBe('host');
    expect(stepOfField('signature.imagePng')).toBe('sign');
    expect(stepOfField('signature')).toBe('sign');
    expect(stepOfField('reusedSignature.reference')).toBe('sign');
    // Document references are not typed by the visitor, and some fields no step holds.
    expect(stepOfField('signature.documentId')).toBeNull();
    expect(stepOfField('confidentialityPolicy.documentSha256')).toBeNull();
    expect(stepOfField('idempotencyKey')).toBeNull();
  });

  it('goes back to the earliest step with an error, and gives each step only its own', () => {
    const errors: FieldError[] = [
      { path: 'email', message: 'x', key: 'email.invalid_format' },
      { path: 'signature.typedName', message: 'y', key: 'signature.typedName.too_big' },
      { path: 'fullName', message: 'z', key: 'fullName.too_big' },
    ];
    expect(firstStepToFix(errors, signInSteps)).toBe('name');
    expect(errorsOnStep(errors, 'sign').map((e) => e.path)).toEqual(['signature.typedName']);
    expect(firstStepToFix([{ path: 'idempotencyKey', message: 'x' }], signInSteps)).toBeNull();
  });
});

describe('field errors in the visitor’s language', () => {
  const tooLong: FieldError = {
    path: 'fullName',
    key: 'fullName.too_big',
    params: { maximum: 120 },
    message: 'Your full name must be 120 characters or fewer',
  };

  it('translates by key, quoting the params', () => {
    expect(say('en', tooLong)).toBe('Your full name must be 120 characters or fewer');
    expect(say('km', tooLong)).toBe('ឈ្មោះពេញរបស់លោកអ្នក ត្រូវមានមិនលើសពី 120 តួអក្សរទេ');
  });

  it('a domain error from the server is translated by its key too', () => {
    const damaged = { path: 'signature.imagePng', key: 'signature.imagePng.damaged', message: 'server words' };
    expect(say('km', damaged)).toMatch(/^យើងមិនអាចអានហត្ថលេខា/);
    expect(say('en', damaged)).not.toBe('server words');
  });

  it('an unknown key: a generic "check this answer" in Khmer, never the server’s English', () => {
    const unknown = { path: 'fullName', key: 'fullName.brand_new_rule', message: 'Server English' };
    expect(say('km', unknown)).toBe('សូមពិនិត្យចម្លើយនេះម្ដងទៀត។');
    expect(say('km', { path: 'fullName', message: 'Server English' })).toBe('សូមពិនិត្យចម្លើយនេះម្ដងទៀត។');
    expect(say('en', unknown)).toBe('Server English');
  });

  const badAnswers: [AnswerField, string][] = [
    ['fullName', ''],
    ['fullName', LONG_NAME],
    ['fullName', 'A\u0007'],
    ['organisation', ''],
    ['organisation', 'O'.repeat(161)],
    ['organisation', 'O\u0000'],
    ['purpose', ''],
    ['purpose', 'P'.repeat(501)],
    ['purpose', 'P\u001b'],
    ['hostName', ''],
    ['hostName', 'H'.repeat(121)],
    ['hostName', 'H\u0000'],
    ['email', 'nope'],
    ['email', `${'e'.repeat(250)}@example.org`],
    ['email', 'a\u0000@example.org'],
    ['signature.typedName', ''],
    ['signature.typedName', 'T'.repeat(121)],
    ['signature.typedName', 'T\u0000'],
  ];

  it.each(badAnswers.map(([field, value]) => [field, value.length, field, value] as const))(
    'every refusal a step can give has its own words in Khmer (%s, %i characters)',
    async (_label, _length, field, value) => {
      const error = await checkAnswer(field, value);
      if (!error) throw new Error(`${field} accepted ${JSON.stringify(value)}`);
      const khmer = say('km', error);
      expect(khmer, `${error.key} has no Khmer translation`).not.toBe('សូមពិនិត្យចម្លើយនេះម្ដងទៀត។');
      expect(khmer).toMatch(/[\u1780-\u17FF]/);
      // No English words (an example address is not one).
      expect(khmer.replace('name@example.org', '')).not.toMatch(/[A-Za-z]{3}/);
    },
  );
});
