import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { type Answers, apiError, withApi } from '../test/api.tsx';
import { App } from './App.tsx';
import { SessionGate } from './session.tsx';
import type { Me } from './site-context.tsx';

const S1 = '00000000-0000-4000-8000-000000000001';

const firstAdmin: Me = {
  id: '00000000-0000-4000-8000-0000000000f1',
  name: 'Olu Ops',
  email: 'ops@example.org',
  twoFactorEnabled: true,
  roles: [{ siteId: S1, role: 'admin', siteName: 'Harbour House', siteTimezone: 'America/New_York' }],
};

// The gate asks better-auth for the session's expiry; no server answers here, so it reports none.
vi.mock('../auth-client.ts', () => ({ authClient: { getSession: async () => ({ data: null, error: null }) } }));

function start(answers: Answers) {
  const history = createMemoryHistory({ initialEntries: ['/'] });
  const api = withApi({ 'outbox.summary': () => ({ failed: 0 }), ...answers });
  render(
    <SessionGate>
      <App history={history} />
    </SessionGate>,
    { wrapper: api.wrapper },
  );
  return { history };
}

describe('a first admin’s start', () => {
  it('is what to set up next — settings with the time zone, roles, a kiosk — not the Outbox', async () => {
    const { history } = start({ 'staff.me': () => firstAdmin });
    const page = await screen.findByRole('region', { name: 'Set up Harbour House' });
    expect(page.textContent).toContain('The time zone is America/New_York');
    expect(
      within(page)
        .getAllByRole('link')
        .map((l) => [l.textContent, l.getAttribute('href')]),
    ).toEqual([
      ['Open site settings', `/sites/${S1}/settings`],
      ['Open staff', `/sites/${S1}/staff`],
      ['Open kiosks', `/sites/${S1}/kiosks`],
    ]);
    expect(history.location.pathname).toBe(`/sites/${S1}`);
  });

  it('asks for a new password first when the one they signed in with was generated', async () => {
    start({
      'staff.me': () => {
        throw apiError('UNAUTHORIZED', 'Choose a new password to replace the one you were given before carrying on.', {
          reason: 'password_change_required',
        });
      },
    });
    expect(await screen.findByRole('heading', { name: 'Choose your own password' })).toBeTruthy();
    expect(screen.getByLabelText('Current password')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Sections' })).toBeNull();
  });
});
