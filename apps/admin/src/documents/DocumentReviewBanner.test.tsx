import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../shell/App.tsx';
import type { Me } from '../shell/site-context.tsx';
import { withApi } from '../test/api.tsx';

const S1 = '00000000-0000-4000-8000-000000000001';

const me = (role: Me['roles'][number]['role']): Me => ({
  id: '00000000-0000-4000-8000-0000000000f1',
  name: 'Dana Okafor',
  email: 'dana@example.org',
  twoFactorEnabled: true,
  roles: [{ siteId: S1, role, siteName: 'Riverside House', siteTimezone: 'Europe/London' }],
});

const due = (reviewBy: string) => ({
  today: '2026-12-04',
  documents: [{ kind: 'disclosure_policy', language: 'km', version: 2, reviewBy, review: 'due_soon' }],
});

function start(role: Me['roles'][number]['role'], reviewBy: string) {
  const history = createMemoryHistory({ initialEntries: [`/sites/${S1}/board`] });
  const api = withApi({
    'staff.me': () => me(role),
    'visits.onSite': () => [],
    'alerts.open': () => [],
    'kiosk.health': () => [],
    'outbox.summary': () => ({ failed: 0 }),
    'documents.overdue': () => due(reviewBy),
    'documents.list': () => ({ today: '2026-12-04', documents: [] }),
  });
  const view = render(<App history={history} />, { wrapper: api.wrapper });
  return { history, view };
}

const notice = () => screen.findByRole('region', { name: 'Review notice' });

afterEach(() => sessionStorage.clear());

describe('the review-due notice', () => {
  it('is one line linking to Forms & policies, and can be put away for the session', async () => {
    const { history, view } = start('coordinator', '2026-12-20');
    const region = await notice();
    expect(region.className).toContain('review-notice--soon');
    expect(region.textContent).toContain('(in 16 days)');
    await userEvent.click(within(region).getByRole('link', { name: 'Forms & policies' }));
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S1}/documents`));

    await userEvent.click(screen.getByRole('button', { name: /^Dismiss/ }));
    expect(screen.queryByRole('region', { name: 'Review notice' })).toBeNull();
    view.unmount();
    // A new page load in the same session keeps it away.
    start('coordinator', '2026-12-20');
    await screen.findByRole('heading', { name: /On site now/, level: 1 });
    expect(screen.queryByRole('region', { name: 'Review notice' })).toBeNull();
  });

  it('comes back, urgent, when the document becomes overdue', async () => {
    const first = start('admin', '2026-12-20');
    await userEvent.click(within(await notice()).getByRole('button', { name: /^Dismiss/ }));
    first.view.unmount();
    start('admin', '2026-12-01');
    const region = await notice();
    expect(region.className).toContain('review-notice--overdue');
    expect(region.textContent).toMatch(/review was due .* \(3 days ago\)/);
  });

  it('is not shown to reception, who answer for no policy', async () => {
    start('reception', '2026-12-01');
    await screen.findByRole('heading', { name: /On site now/, level: 1 });
    expect(screen.queryByRole('region', { name: 'Review notice' })).toBeNull();
  });
});
