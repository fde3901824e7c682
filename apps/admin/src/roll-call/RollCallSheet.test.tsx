import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { RollCallSheet } from './RollCallSheet.tsx';
import type { OpenRollCall } from './roll-call-types.ts';

const SITE = '00000000-0000-4000-8000-000000000001';
const LIN = '00000000-0000-4000-8000-0000000000e1';
const PRIYA = '00000000-0000-4000-8000-0000000000e2';

const rollCall: OpenRollCall = {
  id: '00000000-0000-4000-8000-0000000000r1',
  startedAt: new Date('2026-12-01T09:00:00Z'),
  startedByName: 'Dana Okafor',
  closedAt: null,
  closedByName: null,
  siteName: 'Riverside House',
  visitors: [
    {
      entryId: LIN,
      name: 'Lin E.',
      category: 'contractor',
      visitCode: 'K7P2QX',
      escortName: 'Sok Dara',
      signedOutAt: null,
      accountedAt: null,
      accountedByName: null,
    },
  ],
  staff: [{ entryId: PRIYA, name: 'Priya Raman', accountedAt: null, accountedByName: null }],
  counts: { total: 2, accounted: 0 },
  arrivals: { visitors: [], staff: [] },
};

/** A server whose marks wait until the test lets each one through. */
function slowMarks() {
  const waiting: (() => void)[] = [];
  const api = withApi({
    'rollCall.mark': () => new Promise((resolve) => waiting.push(() => resolve({ ok: true }))),
    'rollCall.close': () => ({ accounted: 0, total: 2 }),
  });
  const marks = () => api.calls.filter((c) => c.path === 'rollCall.mark').map((c) => c.input);
  return { api, waiting, marks };
}

function sheet(
  api: ReturnType<typeof withApi>,
  onClosed: (c: { accounted: number; total: number }) => void = () => {},
) {
  render(
    <RollCallSheet
      siteId={SITE}
      timeZone="Europe/London"
      rollCall={rollCall}
      onChanged={async () => {}}
      onClosed={async (counts) => onClosed(counts)}
    />,
    { wrapper: api.wrapper },
  );
}

const toggle = (name: string) => screen.getByRole('button', { name: `${name}: Accounted for` });

describe('the open roll call sheet', () => {
  it('counts a tap at once, and sends a quick "undo" only after the first mark, so neither is lost or overtaken', async () => {
    const { api, waiting, marks } = slowMarks();
    sheet(api);
    expect(screen.getByRole('status').textContent).toBe('0 of 2 accounted for');

    await userEvent.click(toggle('Lin E.'));
    expect(screen.getByRole('status').textContent).toBe('1 of 2 accounted for');
    expect(toggle('Lin E.').getAttribute('aria-pressed')).toBe('true');
    await userEvent.click(toggle('Lin E.'));
    expect(screen.getByRole('status').textContent).toBe('0 of 2 accounted for');
    await waitFor(() => expect(marks()).toEqual([{ siteId: SITE, entryId: LIN, accounted: true }]));

    waiting.shift()?.();
    await waitFor(() =>
      expect(marks()).toEqual([
        { siteId: SITE, entryId: LIN, accounted: true },
        { siteId: SITE, entryId: LIN, accounted: false },
      ]),
    );
    waiting.shift()?.();
    await waitFor(() => expect(toggle('Lin E.').getAttribute('aria-busy')).toBe('false'));
    expect(toggle('Lin E.').getAttribute('aria-pressed')).toBe('false');
  });

  it('lists who is still missing, and closes only after a confirmation that says how many', async () => {
    const { api } = slowMarks();
    const closed: { accounted: number; total: number }[] = [];
    sheet(api, (c) => closed.push(c));
    const missing = within(screen.getByRole('region', { name: 'Still missing (2)' }));
    expect(missing.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Lin E. — visitor, with Sok Dara',
      'Priya Raman — staff on duty',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Close roll call…' }));
    expect(screen.getByText(/2 people are still not accounted for\./)).toBeTruthy();
    expect(api.calls.map((c) => c.path)).not.toContain('rollCall.close');
    await userEvent.click(screen.getByRole('button', { name: 'Close roll call' }));
    await waitFor(() => expect(closed).toEqual([{ accounted: 0, total: 2 }]));
  });

  it('says whose mark failed and why, in the server’s words', async () => {
    const api = withApi({
      'rollCall.mark': () => {
        throw apiError('CONFLICT', 'This roll call has been closed.');
      },
    });
    sheet(api);
    await userEvent.click(toggle('Priya Raman'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Priya Raman could not be marked: This roll call has been closed.',
    );
  });
});
