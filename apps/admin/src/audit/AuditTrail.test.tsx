import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../shell/App.tsx';
import type { Me } from '../shell/site-context.tsx';
import { type Answers, withApi } from '../test/api.tsx';

const S1 = '00000000-0000-4000-8000-000000000001';
const V1 = '00000000-0000-4000-8000-0000000000a1';
const STAFF = '00000000-0000-4000-8000-0000000000b2';

const me: Me = {
  id: '00000000-0000-4000-8000-0000000000f1',
  name: 'Dana Okafor',
  email: 'dana@example.org',
  twoFactorEnabled: true,
  roles: [{ siteId: S1, role: 'coordinator', siteName: 'Riverside House', siteTimezone: 'Europe/London' }],
};

const entry = (id: number) => ({
  id,
  at: new Date('2026-12-04T10:00:00Z'),
  type: 'visit.viewed',
  data: { what: 'timeline' },
  actorType: 'staff',
  actorId: STAFF,
  actorName: 'Ana Silva',
  visitId: V1,
});

function start(at: string) {
  const history = createMemoryHistory({ initialEntries: [at] });
  const answers: Answers = {
    'staff.me': () => me,
    'outbox.summary': () => ({ failed: 0 }),
    'documents.overdue': () => ({ today: '2026-12-01', documents: [] }),
    'audit.browse': (input) => {
      const { before } = input as { before?: number };
      return before ? { entries: [entry(1)], next: null } : { entries: [entry(3), entry(2)], next: 2 };
    },
  };
  const api = withApi(answers);
  render(<App history={history} />, { wrapper: api.wrapper });
  const browsed = () => api.calls.filter((c) => c.path === 'audit.browse').map((c) => c.input);
  return { history, browsed };
}

describe('the audit page’s trail', () => {
  it('lists a visit’s entries from its address, pages on, and narrows to a person by their link', async () => {
    const { history, browsed } = start(`/sites/${S1}/audit/visits/${V1}`);
    await screen.findAllByRole('cell', { name: 'Visit record opened' });
    expect(browsed()).toEqual([{ siteId: S1, filters: { visitId: V1 } }]);
    expect(screen.getByText(/Only entries about one visit/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Older entries' }));
    await waitFor(() => expect(screen.getAllByRole('cell', { name: 'Visit record opened' })).toHaveLength(3));
    expect(browsed()[1]).toEqual({ siteId: S1, filters: { visitId: V1 }, before: 2 });
    expect(screen.queryByRole('button', { name: 'Older entries' })).toBeNull();
    expect(screen.getAllByRole('link', { name: 'Open the visit' })[0]?.getAttribute('href')).toBe(
      `/sites/${S1}/log/visits/${V1}`,
    );

    const [ana] = screen.getAllByRole('link', { name: 'Ana Silva' });
    if (!ana) throw new Error('no link to the person');
    await userEvent.click(ana);
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S1}/audit/staff/${STAFF}`));
    await waitFor(() => expect(browsed().at(-1)).toEqual({ siteId: S1, filters: { actorStaffId: STAFF } }));
  });

  it('asks for a kind of event and dates only when the coordinator chooses them', async () => {
    const { browsed } = start(`/sites/${S1}/audit`);
    await screen.findAllByRole('cell', { name: 'Visit record opened' });
    expect(browsed()).toEqual([{ siteId: S1, filters: {} }]);
    await userEvent.selectOptions(screen.getByLabelText('Kind of event'), 'Visits exported');
    await userEvent.type(screen.getByLabelText('From (first day)'), '2026-12-01');
    await userEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    await waitFor(() =>
      expect(browsed().at(-1)).toEqual({ siteId: S1, filters: { type: 'visits.exported', from: '2026-12-01' } }),
    );

    await userEvent.type(screen.getByLabelText('To (last day)'), '2026-11-30');
    await userEvent.click(screen.getByRole('button', { name: 'Show entries' }));
    await screen.findByText('The last day must be on or after the first day');
    expect(browsed()).toHaveLength(2);
  });
});
