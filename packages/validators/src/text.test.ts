import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { text, unreadableTextMessage } from './text.ts';

const issuesOf = (schema: z.ZodType, value: unknown) =>
  (schema.safeParse(value).error?.issues ?? []).map((i) => ({ path: i.path.join('.'), message: i.message }));

describe('text()', () => {
  const form = z.object({ fullName: text({ trim: true }).min(1).max(10), note: text({ multiline: true }) });

  it.each(['a\u0000b', 'a\u0007', '\u001b[31m', 'a\u007f', 'a\u0085', 'half \uD83D emoji', '\uDE00', 'x\uDBFF'])(
    'refuses control characters and lone surrogates with one error on the field (%j)',
    (bad) => {
      expect(issuesOf(form, { fullName: bad, note: 'ok' })).toEqual([
        { path: 'fullName', message: unreadableTextMessage },
      ]);
      expect(issuesOf(form, { fullName: 'ok', note: bad })).toEqual([{ path: 'note', message: unreadableTextMessage }]);
    },
  );

  it('refuses a NUL before checking length, so a huge hostile string gets the same single message', () => {
    expect(issuesOf(form, { fullName: `\u0000${'x'.repeat(100_000)}`, note: '' })).toEqual([
      { path: 'fullName', message: unreadableTextMessage },
    ]);
  });

  it('accepts whole emoji, other scripts, and line breaks where text may span lines', () => {
    expect(form.parse({ fullName: ' Zoë 😀 ', note: 'line one\r\nline\ttwo\n' })).toEqual({
      fullName: 'Zoë 😀',
      note: 'line one\r\nline\ttwo\n',
    });
    expect(issuesOf(form, { fullName: 'a\nb', note: '' })).toEqual([
      { path: 'fullName', message: unreadableTextMessage },
    ]);
  });

  it('trims before checking, so a pasted trailing line break is not refused', () => {
    expect(form.parse({ fullName: 'Ann\n', note: '' }).fullName).toBe('Ann');
  });

  it('uses the field’s own messages', () => {
    const name = text({ error: 'Give a name', invalid: 'That name has characters we cannot accept' });
    expect(issuesOf(name, 42)).toEqual([{ path: '', message: 'Give a name' }]);
    expect(issuesOf(name, 'a\u0000')).toEqual([{ path: '', message: 'That name has characters we cannot accept' }]);
  });
});
