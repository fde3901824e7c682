import { describe, expect, it } from 'vitest';
import { pairKioskInput } from './kiosk.ts';
import { signInInput, signOutInput, visitCode, visitCodeAlphabet, visitCodeLength } from './visit.ts';

const ref = (n: number) => ({
  documentId: `3b241101-e2bb-4255-8caf-4136c566a96${n}`,
  documentSha256: String(n).repeat(64),
});
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

// Without `language`, so the default is exercised.
const validSignIn = {
  idempotencyKey: '3b241101-e2bb-4255-8caf-4136c566a962',
  fullName: 'Grace Hopper',
  organisation: 'Navy Research Lab',
  category: 'researcher',
  purpose: 'Research interview',
  hostName: 'Duty Coordinator',
  signature: { ...ref(1), typedName: 'Grace Hopper', imagePng: PNG },
  confidentialityPolicy: ref(2),
  disclosurePolicy: ref(3),
  noPhotography: ref(4),
};

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('visit codes', () => {
  it('use 6 characters from an alphabet without look-alikes', () => {
    expect(visitCodeLength).toBe(6);
    expect(visitCodeAlphabet).toBe('ACDEFGHJKMNPQRTUVWXY34679');
    for (const ambiguous of ['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B']) {
      expect(visitCodeAlphabet).not.toContain(ambiguous);
    }
    expect(new Set(visitCodeAlphabet).size).toBe(visitCodeAlphabet.length);
  });

  it.each([
    ['ACD349', 'ACD349'],
    ['acd349', 'ACD349'],
    ['ACD-349', 'ACD349'],
    [' acd 349 ', 'ACD349'],
    ['a-c-d 3-4-9', 'ACD349'],
    ['acd\t349', 'ACD349'],
    ['Yx-Wv-Ut', 'YXWVUT'],
  ])('normalise %j to %j', (typed, stored) => {
    expect(visitCode.parse(typed)).toBe(stored);
    expect(signOutInput.parse({ visitCode: typed })).toEqual({ visitCode: stored });
  });

  it.each(['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B', 'o', 'i', 'l', 'z', 's', 'b'])(
    'refuse the ambiguous character %j',
    (ch) => {
      const result = visitCode.safeParse(`ACD34${ch}`);
      expect(result.success).toBe(false);
      expect(issuesOf(result)).toEqual([{ path: '', message: 'That code has a character badges never use' }]);
    },
  );

  it.each(['ACD34', 'ACD3479', '', '   ', '--'])('refuse the wrong length %j', (typed) => {
    const result = visitCode.safeParse(typed);
    expect(result.success).toBe(false);
    expect(issuesOf(result)[0]?.message).toBe('The code on your badge has 6 letters and numbers');
  });

  it('refuse punctuation other than dashes, and non-strings', () => {
    expect(visitCode.safeParse('ACD.349').success).toBe(false);
    expect(visitCode.safeParse('ACD_34').success).toBe(false);
    const missing = signOutInput.safeParse({});
    expect(issuesOf(missing)).toEqual([{ path: 'visitCode', message: 'Enter the code on your badge' }]);
    expect(visitCode.safeParse(123456).success).toBe(false);
  });
});

describe('signInInput', () => {
  it('trims the visitor’s name and organisation', () => {
    const parsed = signInInput.parse({ ...validSignIn, fullName: '  Grace Hopper\t', organisation: ' Navy ' });
    expect(parsed).toEqual({ ...validSignIn, language: 'en', fullName: 'Grace Hopper', organisation: 'Navy' });
  });

  it('allows 120 characters of name and 160 of organisation, counted after trimming', () => {
    const ok = signInInput.safeParse({
      ...validSignIn,
      fullName: `  ${'n'.repeat(120)}  `,
      organisation: 'o'.repeat(160),
    });
    expect(ok.success).toBe(true);
    const tooLong = signInInput.safeParse({ ...validSignIn, fullName: 'n'.repeat(121), organisation: 'o'.repeat(161) });
    expect(issuesOf(tooLong)).toEqual([
      { path: 'fullName', message: 'Your full name must be 120 characters or fewer' },
      { path: 'organisation', message: 'Your organisation must be 160 characters or fewer' },
    ]);
  });

  it.each(['', '   ', '\t\n'])('refuses an empty name (%j)', (fullName) => {
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, fullName }))).toEqual([
      { path: 'fullName', message: 'Enter your full name' },
    ]);
  });

  it.each([
    'Eve\u0000Mallory',
    'Eve\u0007',
    'Eve\nMallory',
    'Eve\rMallory',
    'Eve\u001bMallory',
    'Eve\u007fMallory',
    'Eve\u0085',
  ])('refuses control characters inside a name (%j)', (fullName) => {
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, fullName }))).toEqual([
      { path: 'fullName', message: 'Your full name contains characters we cannot accept' },
    ]);
  });

  it('accepts names in other scripts and with accents, apostrophes and hyphens', () => {
    for (const fullName of ['សុខ ដារ៉ា', 'Zoë O’Brien-Núñez', '李小龍', 'Nguyễn Thị Minh Khai']) {
      expect(signInInput.parse({ ...validSignIn, fullName }).fullName).toBe(fullName);
    }
  });

  it('requires a UUID journey key and a known category', () => {
    const { idempotencyKey: _key, ...withoutKey } = validSignIn;
    expect(issuesOf(signInInput.safeParse(withoutKey))).toEqual([
      { path: 'idempotencyKey', message: 'Missing journey key' },
    ]);
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, idempotencyKey: 'not-a-uuid' }))[0]?.path).toBe(
      'idempotencyKey',
    );
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, category: 'inspector' }))[0]?.path).toBe('category');
    expect(signInInput.safeParse({ ...validSignIn, category: 'student_placement' }).success).toBe(true);
  });

  it('drops fields it does not declare', () => {
    const parsed = signInInput.parse({
      ...validSignIn,
      state: 'signed_out',
      siteId: 'x',
      signature: { ...validSignIn.signature, signedAt: '2020-01-01' },
    });
    expect(Object.keys(parsed).sort()).toEqual([
      'category',
      'confidentialityPolicy',
      'disclosurePolicy',
      'fullName',
      'hostName',
      'idempotencyKey',
      'language',
      'noPhotography',
      'organisation',
      'purpose',
      'signature',
    ]);
    expect(Object.keys(parsed.signature ?? {}).sort()).toEqual([
      'documentId',
      'documentSha256',
      'imagePng',
      'typedName',
    ]);
  });

  it('takes any language code (documents fall back to English), English by default', () => {
    expect(signInInput.parse({ ...validSignIn, language: 'km' }).language).toBe('km');
    expect(signInInput.parse({ ...validSignIn, language: 'fr' }).language).toBe('fr');
    expect(signInInput.parse(validSignIn).language).toBe('en');
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, language: 'French' }))[0]?.path).toBe('language');
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, language: 'km; drop' }))[0]?.path).toBe('language');
  });

  it('treats an empty email as none and trims a given one', () => {
    expect(signInInput.parse({ ...validSignIn, email: '   ' }).email).toBeUndefined();
    expect(signInInput.parse({ ...validSignIn, email: '' }).email).toBeUndefined();
    expect(signInInput.parse({ ...validSignIn, email: ' ada@example.org ' }).email).toBe('ada@example.org');
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, email: 'ada@' }))).toEqual([
      { path: 'email', message: 'Enter an email address like name@example.org, or leave it empty' },
    ]);
  });

  it('requires a purpose and a host, within their lengths', () => {
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, purpose: ' ', hostName: '' }))).toEqual([
      { path: 'purpose', message: 'Enter your reason for visiting' },
      { path: 'hostName', message: 'Enter your host’s name' },
    ]);
    expect(signInInput.safeParse({ ...validSignIn, purpose: 'p'.repeat(500) }).success).toBe(true);
    expect(issuesOf(signInInput.safeParse({ ...validSignIn, purpose: 'p'.repeat(501) }))[0]?.path).toBe('purpose');
  });

  it('requires each document ref to carry a UUID and a lower-case SHA-256', () => {
    for (const slot of ['confidentialityPolicy', 'disclosurePolicy', 'noPhotography'] as const) {
      const badId = signInInput.safeParse({ ...validSignIn, [slot]: { ...ref(2), documentId: 'x' } });
      expect(issuesOf(badId)).toEqual([{ path: `${slot}.documentId`, message: 'Missing document' }]);
      const upper = signInInput.safeParse({ ...validSignIn, [slot]: { ...ref(2), documentSha256: 'A'.repeat(64) } });
      expect(issuesOf(upper)).toEqual([{ path: `${slot}.documentSha256`, message: 'Missing document fingerprint' }]);
    }
    const { noPhotography: _omit, ...withoutRef } = validSignIn;
    expect(issuesOf(signInInput.safeParse(withoutRef))[0]?.path).toBe('noPhotography');
  });

  it('requires a PNG data URL of plain base64 for the signature, up to 400,000 characters', () => {
    const withImage = (imagePng: string) => ({ ...validSignIn, signature: { ...validSignIn.signature, imagePng } });
    const prefix = 'data:image/png;base64,';
    // A wrong type and damaged base64 are one problem for the visitor: exactly one message.
    expect(issuesOf(signInInput.safeParse(withImage('data:image/jpeg;base64,AAAA')))).toEqual([
      { path: 'signature.imagePng', message: 'Please sign in the box again' },
    ]);
    expect(issuesOf(signInInput.safeParse(withImage(`${prefix}AA AA`)))).toEqual([
      { path: 'signature.imagePng', message: 'Please sign in the box again' },
    ]);
    expect(issuesOf(signInInput.safeParse(withImage(prefix)))[0]?.path).toBe('signature.imagePng');
    const atLimit = `${prefix}${'A'.repeat(400_000 - prefix.length)}`;
    expect(signInInput.safeParse(withImage(atLimit)).success).toBe(true);
    expect(issuesOf(signInInput.safeParse(withImage(`${atLimit}A`)))).toContainEqual({
      path: 'signature.imagePng',
      message: 'The signature image is too large',
    });
  });

  it('requires a typed name on the signature, checked like the full name', () => {
    const typed = (typedName: string) => ({ ...validSignIn, signature: { ...validSignIn.signature, typedName } });
    expect(signInInput.parse(typed('  Grace Hopper ')).signature?.typedName).toBe('Grace Hopper');
    expect(issuesOf(signInInput.safeParse(typed('')))).toEqual([
      { path: 'signature.typedName', message: 'Enter your full name' },
    ]);
    expect(issuesOf(signInInput.safeParse(typed('Eve\nMallory')))[0]?.path).toBe('signature.typedName');
  });
});

describe('pairKioskInput', () => {
  it('takes a 6-digit code, trimmed, and a default device name', () => {
    expect(pairKioskInput.parse({ code: ' 012345 ' })).toEqual({ code: '012345', deviceName: 'Reception kiosk' });
  });

  it.each(['12345', '1234567', '12a456', '12 345'])('refuses %j', (code) => {
    expect(issuesOf(pairKioskInput.safeParse({ code }))).toEqual([
      { path: 'code', message: 'The pairing code is 6 digits' },
    ]);
  });
});
