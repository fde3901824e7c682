import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answers, apiError, withApi } from '../test/api.tsx';
import { formatDay } from '../time.ts';
import { DenyListPage } from './DenyListPage.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const VISIT = '00000000-0000-4000-8000-000000000101';
const ENTRY = '00000000-0000-4000-8000-000000000201';

const entry = {
  id: ENTRY,
  fullName: 'Marie Curie',
  aliases: ['Mary Smith'],
  dateOfBirth: null,
  reason: 'Court order',
  reviewBy: '2020-01-01',
  addedAt: new Date('2026-01-01T10:00:00Z'),
  addedByName: 'Cora Coordinator',
  reviewDue: true,
};
const held = {
  visitId: VISIT,
  visitCode: 'ABC123',
  visitorName: 'CURIE marie',
  signedInAt: new Date('2026-12-05T09:00:00Z'),
  outcome: 'match',
  matches: [
    {
      entryId: ENTRY,
      fullName: 'Marie Curie',
      aliases: ['Mary Smith'],
      dateOfBirth: '1967-11-07',
      reason: 'Court order',
    },
  ],
};

function show(answers: Answers) {
  const api = withApi({ 'denyList.entries': () => [entry], 'denyList.waiting': () => [held], ...answers });
  render(<DenyListPage siteId={SITE} timeZone="Europe/London" />, { wrapper: api.wrapper });
  return api.calls;
}

describe('DenyListPage', () => {
  it('refuses a visitor held at sign-in with a reason, and says what to tell reception', async () => {
    let waiting = [held];
    const calls = show({
      'denyList.waiting': () => waiting,
      'denyList.decide': () => {
        waiting = [];
        return { visitId: VISIT, state: 'signed_out', instruction: 'The visit is ended. Ask reception to…' };
      },
    });
    await screen.findByRole('form', { name: 'Decide about CURIE marie' });
    // What the visitor typed beside the entry's names, date of birth and reason, to judge a namesake.
    const facts = screen.getByLabelText('Compared with the entry Marie Curie');
    const pairs = [...facts.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(pairs).toEqual([
      ['Typed at the kiosk', 'CURIE marie'],
      ['Name on the deny list', 'Marie Curie'],
      ['Also known as', 'Mary Smith'],
      [
        'Date of birth on the list',
        `${formatDay('1967-11-07')} (the kiosk does not ask visitors; compare with their ID if reception can)`,
      ],
      ['Why they are on the list', 'Court order'],
    ]);
    await userEvent.type(screen.getByLabelText('Reason for the decision'), 'Named in the order');
    await userEvent.click(screen.getByRole('button', { name: 'Refuse entry' }));
    expect((await screen.findByRole('status')).textContent).toBe('The visit is ended. Ask reception to…');
    expect(calls.find((c) => c.path === 'denyList.decide')?.input).toEqual({
      siteId: SITE,
      visitId: VISIT,
      decision: 'refused',
      reason: 'Named in the order',
    });
    await screen.findByText('Nobody is waiting.');
  });

  it('removes an entry only with a reason, showing the refusal beside the field', async () => {
    const calls = show({
      'denyList.remove': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [{ path: 'reason', key: 'reason.too_small', message: 'Say why the entry is removed' }],
        });
      },
    });
    await screen.findByText('Marie Curie');
    expect(screen.getByText(/review due/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    const form = screen.getByRole('form', { name: 'Remove the entry' });
    expect(form.textContent).toContain('This will be recorded.');
    await userEvent.click(screen.getByRole('button', { name: 'Remove from the deny list' }));
    await screen.findByText('Say why the entry is removed');
    expect(calls.find((c) => c.path === 'denyList.remove')?.input).toEqual({
      siteId: SITE,
      entryId: ENTRY,
      reason: '',
    });
  });
});

describe('a held visitor matched to an entry without aliases or date of birth', () => {
  it('says neither is recorded', async () => {
    const bare = { ...held.matches[0], aliases: [], dateOfBirth: null };
    show({ 'denyList.waiting': () => [{ ...held, matches: [bare] }] });
    const facts = await screen.findByLabelText('Compared with the entry Marie Curie');
    expect(facts.textContent).toContain('Also known asNo other names recorded');
    expect(facts.textContent).toContain('Date of birth on the listNot recorded');
  });
});
