import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { withApi } from '../test/api.tsx';
import { VisitLogPage } from './VisitLogPage.tsx';
import type { LogRow } from './VisitLogTable.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';

const row = (i: number): LogRow => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  visitorName: `Visitor ${i}`,
  visitorOrganisation: 'Boilers Ltd',
  category: 'contractor',
  state: 'signed_out',
  signedInAt: new Date(Date.UTC(2026, 11, 1, 9, 0) - i * 60_000),
  signedOutAt: new Date(Date.UTC(2026, 11, 1, 10, 0) - i * 60_000),
  escortNames: [],
  unescortedSeconds: 0,
  exceptions: [],
});

/** A log of 52 visits served 50 at a time, or the ones whose name starts with the searched name (Visitor 5, 50, 51, 52 for "Visitor 5"). */
function logOf52() {
  const all = Array.from({ length: 52 }, (_, i) => row(i + 1));
  return withApi({
    'escorts.list': () => [],
    'visitLog.search': (input) => {
      const { name, cursor } = input as { name?: string; cursor?: number | null };
      const matching = name ? all.filter((v) => v.visitorName.toLowerCase().startsWith(name.toLowerCase())) : all;
      const from = cursor ?? 0;
      const next = from + 50;
      return { visits: matching.slice(from, next), nextCursor: next < matching.length ? next : null };
    },
  });
}

const searches = (calls: { path: string; input: unknown }[]) =>
  calls.filter((c) => c.path === 'visitLog.search').map((c) => c.input as Record<string, unknown>);

describe('the visit log page', () => {
  it('shows 50 visits, loads the rest from where the first page ended, and says when that is all', async () => {
    const api = logOf52();
    render(<VisitLogPage siteId={SITE} timeZone="Europe/London" openVisit={null} onOpenVisit={() => undefined} />, {
      wrapper: api.wrapper,
    });
    await screen.findByText('Showing 50 visits, newest first.');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('Showing 52 visits, newest first.');
    expect(screen.getByText('That is every visit.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(searches(api.calls).map((s) => s.cursor ?? null)).toEqual([null, 50]);
  });

  it('searches by a name only when asked, from the first page, and says the list is a search', async () => {
    const api = logOf52();
    render(<VisitLogPage siteId={SITE} timeZone="Europe/London" openVisit={null} onOpenVisit={() => undefined} />, {
      wrapper: api.wrapper,
    });
    await screen.findByText('Showing 50 visits, newest first.');
    // One change event, not a keystroke each: 50 rows re-render per keystroke, slow on a busy machine.
    fireEvent.change(screen.getByLabelText('Visitor’s name'), { target: { value: '  Visitor 5' } });
    expect(searches(api.calls)).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('Showing 4 visits matching your search, newest first.');
    const last = searches(api.calls).at(-1);
    expect(last?.name).toBe('Visitor 5');
    expect(last?.cursor ?? null).toBeNull();
  });

  it('asks the shell to open a visit when its name is pressed (the address then names it)', async () => {
    const api = logOf52();
    const opened: (string | null)[] = [];
    render(
      <VisitLogPage siteId={SITE} timeZone="Europe/London" openVisit={null} onOpenVisit={(id) => opened.push(id)} />,
      { wrapper: api.wrapper },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Visitor 3' }));
    await waitFor(() => expect(opened).toEqual([row(3).id]));
  });
});
