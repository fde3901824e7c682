import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answers, apiError, withApi } from '../test/api.tsx';
import type { OpenAlert } from './AlertGroupPanel.tsx';
import { AlertsPanel } from './AlertsPanel.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function alert(n: number, kind: string, minutes: number, visitorName: string | null = `Visitor ${n}`): OpenAlert {
  return {
    id: id(n),
    kind,
    raisedAt: minutesAgo(minutes),
    visitId: id(100 + n),
    visitorName,
    staffId: null,
    staffName: null,
  };
}

// Five visitors without an escort (newest first, as a list might come), one overrun, one access change.
const busy = [
  alert(5, 'unescorted', 5),
  alert(4, 'unescorted', 10),
  alert(3, 'unescorted', 15),
  alert(2, 'unescorted', 20),
  alert(1, 'unescorted', 25),
  alert(6, 'overrun', 40),
  { ...alert(7, 'visit_access_granted', 60, null), visitId: null, staffId: 'staff-1', staffName: 'Tom Hughes' },
];

function show(answers: Answers = {}) {
  const api = withApi({ 'alerts.open': () => busy, ...answers });
  render(<AlertsPanel siteId={SITE} timeZone="Europe/London" />, { wrapper: api.wrapper });
  return api.calls;
}

const groups = async () => {
  await screen.findByRole('heading', { name: '7 alerts need action' });
  return Array.from(document.querySelectorAll('details'));
};

async function openBulkForm() {
  const [unescorted] = await groups();
  if (!unescorted) throw new Error('no group');
  await userEvent.click(within(unescorted).getByText('No confirmed escort'));
  await userEvent.click(within(unescorted).getByRole('button', { name: /^Acknowledge all 5 with one note…/ }));
  return unescorted;
}

describe('AlertsPanel', () => {
  it('groups by kind, most urgent first, each summary with its count and oldest age; large groups start folded', async () => {
    show();
    const [unescorted, overrun, access] = await groups();
    expect([unescorted, overrun, access].map((g) => g?.querySelector('summary')?.textContent)).toEqual([
      'No confirmed escort — 5 alerts, oldest 25 min ago',
      'Visit has overrun — 1 alert, raised 40 min ago',
      'Access to visit records given — 1 alert, raised 1 h 0 min ago',
    ]);
    expect([unescorted, overrun, access].map((g) => g?.open)).toEqual([false, true, true]);
    // Oldest first within the group.
    const lines = Array.from(unescorted?.querySelectorAll('li p') ?? []).map((p) => p.textContent?.split(',')[0]);
    expect(lines).toEqual(['Visitor 1', 'Visitor 2', 'Visitor 3', 'Visitor 4', 'Visitor 5']);
    expect(access?.textContent).toContain('Tom Hughes can now see visitors’ names here');
  });

  it('acknowledges a whole group with one note, sending its alerts oldest first', async () => {
    const calls = show({ 'alerts.acknowledgeMany': () => ({ acknowledged: 5 }) });
    const group = await openBulkForm();
    await userEvent.type(
      within(group).getByLabelText('What was done (recorded with each of the 5 alerts)'),
      'All found',
    );
    await userEvent.click(within(group).getByRole('button', { name: 'Acknowledge 5 alerts' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'alerts.acknowledgeMany')?.input).toEqual({
        siteId: SITE,
        alertIds: [id(1), id(2), id(3), id(4), id(5)],
        note: 'All found',
      }),
    );
  });

  it('shows a refused note beside the field and a list refusal above the buttons, never a raw field name', async () => {
    let refusal = apiError('BAD_REQUEST', 'Say what was done (at least a few words)', {
      fieldErrors: [{ path: 'note', message: 'Say what was done (at least a few words)', key: 'note.too_small' }],
    });
    show({
      'alerts.acknowledgeMany': () => {
        throw refusal;
      },
    });
    const group = await openBulkForm();
    const note = within(group).getByLabelText('What was done (recorded with each of the 5 alerts)');
    await userEvent.type(note, 'ok');
    await userEvent.click(within(group).getByRole('button', { name: 'Acknowledge 5 alerts' }));
    await within(group).findByText('Say what was done (at least a few words)');
    expect(note.getAttribute('aria-invalid')).toBe('true');

    refusal = apiError('NOT_FOUND', 'gone', {
      fieldErrors: [
        {
          path: 'alertIds',
          message: '1 of the chosen alerts is no longer open at this site (someone may have acknowledged it).',
          key: 'alertIds.not_open',
        },
      ],
    });
    await userEvent.click(within(group).getByRole('button', { name: 'Acknowledge 5 alerts' }));
    expect((await within(group).findByRole('alert')).textContent).toMatch(/^1 of the chosen alerts is no longer open/);
    expect(group.textContent).not.toMatch(/note:|alertIds/);
  });

  it('isolates a right-to-left name, so "(escort: …)" keeps its place beside it', async () => {
    const arabic = { ...alert(8, 'overrun', 5, 'محمد علي'), staffId: 'staff-2', staffName: 'Tom Hughes' };
    const api = withApi({ 'alerts.open': () => [arabic] });
    render(<AlertsPanel siteId={SITE} timeZone="Europe/London" />, { wrapper: api.wrapper });
    expect(await screen.findAllByText('\u2068محمد علي\u2069 (escort: Tom Hughes)', { exact: false })).not.toHaveLength(
      0,
    );
  });
});
