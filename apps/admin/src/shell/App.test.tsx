import { createMemoryHistory } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answers, withApi } from '../test/api.tsx';
import { App } from './App.tsx';
import type { Me } from './site-context.tsx';

const S1 = '00000000-0000-4000-8000-000000000001';
const S2 = '00000000-0000-4000-8000-000000000002';
const V1 = '00000000-0000-4000-8000-0000000000a1';

function person(roles: [string, Me['roles'][number]['role']][]): Me {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    name: 'Dana Okafor',
    email: 'dana@example.org',
    twoFactorEnabled: true,
    roles: roles.map(([siteId, role]) => ({
      siteId,
      role,
      siteName: siteId === S1 ? 'Riverside House' : 'Hillside House',
      siteTimezone: 'Europe/London',
    })),
  };
}

const quiet: Answers = {
  'visits.onSite': () => [],
  'alerts.open': () => [],
  'kiosk.health': () => [],
  'documents.overdue': () => ({ today: '2026-12-01', documents: [] }),
  'outbox.summary': () => ({ failed: 0 }),
  'escorts.list': () => [],
};

function start(me: Me, at: string, answers: Answers = {}) {
  const history = createMemoryHistory({ initialEntries: [at] });
  const api = withApi({ ...quiet, 'staff.me': () => me, ...answers });
  render(<App history={history} />, { wrapper: api.wrapper });
  return { history, calls: api.calls };
}

const navLinks = async () =>
  within(await screen.findByRole('navigation', { name: 'Sections' }))
    .getAllByRole('link')
    .map((l) => l.textContent);

describe('the admin shell’s addresses and role guard', () => {
  it('takes someone from the start address to their first site’s first section, with only their sections in the nav', async () => {
    const { history } = start(person([[S1, 'coordinator']]), '/');
    await screen.findByRole('heading', { name: /On site now/, level: 1 });
    expect(history.location.pathname).toBe(`/sites/${S1}/board`);
    expect(await navLinks()).toEqual([
      'On site now',
      'Roll call',
      'Escorts',
      'Visit log',
      'Log review',
      'Reports',
      'Outbox',
      'Forms & policies',
      'Audit trail',
      'Disclosures',
      'Holds',
      'Concerns',
      'Deny list',
      'Subject access',
      'Retention',
      'My account',
    ]);
    expect(screen.getByRole('link', { name: 'On site now' }).getAttribute('aria-current')).toBe('page');
  });

  it('starts an escort on their own visitors', async () => {
    const { history } = start(person([[S1, 'escort']]), '/');
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S1}/mine`));
    expect(await navLinks()).toEqual(['My visitors', 'My account']);
  });

  it('refuses reception a coordinator-only section without asking the server for it', async () => {
    const { calls } = start(person([[S1, 'reception']]), `/sites/${S1}/log`);
    await screen.findByText('This page does not exist, or you do not have access to it.');
    expect(calls.map((c) => c.path)).not.toContain('visitLog.search');
    expect(await navLinks()).toEqual(['On site now', 'Roll call', 'Escorts', 'My account']);
  });

  it('refuses reception a visit opened over the board (reception may see the board, not open visits)', async () => {
    const { calls } = start(person([[S1, 'reception']]), `/sites/${S1}/board/visits/${V1}`);
    await screen.findByText('This page does not exist, or you do not have access to it.');
    expect(calls.map((c) => c.path)).not.toContain('visits.detail');
  });

  it('treats a site the person holds no role at, and an unknown section, as not found', async () => {
    const first = start(person([[S1, 'coordinator']]), `/sites/${S2}/board`);
    await screen.findByRole('heading', { name: 'Page not found' });
    expect(first.calls.map((c) => c.path)).not.toContain('visits.onSite');
  });

  it('shows an unknown section inside the site as not found, with a link home', async () => {
    const { history } = start(person([[S1, 'coordinator']]), `/sites/${S1}/nowhere`);
    await screen.findByRole('heading', { name: 'Page not found' });
    await userEvent.click(screen.getByRole('link', { name: 'Go to your start page' }));
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S1}/board`));
  });

  it('opens the visit an address names, over the log, and asks the server for that visit', async () => {
    const { calls } = start(person([[S1, 'coordinator']]), `/sites/${S1}/log/visits/${V1}`, {
      'visitLog.search': () => ({ visits: [], nextCursor: null }),
    });
    await screen.findByRole('region', { name: 'Opened visit' });
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'visits.detail')?.input).toEqual({ siteId: S1, visitId: V1 }),
    );
    expect(screen.getByRole('link', { name: 'Visit log' }).getAttribute('aria-current')).toBe('page');
  });

  it('opens a past roll call and an outbox message the address names, for a coordinator', async () => {
    const R1 = '00000000-0000-4000-8000-0000000000c1';
    const M1 = '00000000-0000-4000-8000-0000000000d1';
    const history = start(person([[S1, 'coordinator']]), `/sites/${S1}/roll-call/history/${R1}`, {
      'rollCall.current': () => null,
      'rollCall.history': () => [],
    });
    await waitFor(() =>
      expect(history.calls.find((c) => c.path === 'rollCall.get')?.input).toEqual({ siteId: S1, rollCallId: R1 }),
    );
    history.history.push(`/sites/${S1}/outbox/messages/${M1}`);
    await waitFor(() =>
      expect(history.calls.find((c) => c.path === 'outbox.message')?.input).toEqual({ siteId: S1, messageId: M1 }),
    );
  });

  it('refuses reception a past roll call by address (the history is for coordinators)', async () => {
    const { calls } = start(person([[S1, 'reception']]), `/sites/${S1}/roll-call/history/${V1}`, {
      'rollCall.current': () => null,
    });
    await screen.findByText('This page does not exist, or you do not have access to it.');
    expect(calls.map((c) => c.path)).not.toContain('rollCall.get');
  });

  it('moves focus to the new section’s heading when the nav is used', async () => {
    start(person([[S1, 'coordinator']]), `/sites/${S1}/board`, {
      'visitLog.search': () => ({ visits: [], nextCursor: null }),
    });
    await screen.findByRole('heading', { name: /On site now/, level: 1 });
    await userEvent.click(screen.getByRole('link', { name: 'Visit log' }));
    const heading = await screen.findByRole('heading', { name: 'Visit log', level: 1 });
    await waitFor(() => expect(document.activeElement).toBe(heading));
  });

  it('opens and closes the phone menu with its button, and Escape closes it back onto the button', async () => {
    start(person([[S1, 'coordinator']]), `/sites/${S1}/board`);
    const menu = await screen.findByRole('button', { name: /^Menu/ });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    screen.getByRole('link', { name: 'Roll call' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menu);
  });

  it('keeps the section when another site is chosen, if the person has it there too', async () => {
    const me = person([
      [S1, 'coordinator'],
      [S2, 'coordinator'],
      [S2, 'admin'],
    ]);
    const { history } = start(me, `/sites/${S1}/reports`, { 'reports.visits': () => null });
    await userEvent.selectOptions(await screen.findByLabelText('Site'), S2);
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S2}/reports`));
    expect(await navLinks()).toContain('Staff');
  });

  it('goes to the other site’s start when the person does not have the section there', async () => {
    const me = person([
      [S1, 'coordinator'],
      [S2, 'reception'],
    ]);
    const { history } = start(me, `/sites/${S1}/reports`, { 'reports.visits': () => null });
    await userEvent.selectOptions(await screen.findByLabelText('Site'), S2);
    await waitFor(() => expect(history.location.pathname).toBe(`/sites/${S2}/board`));
  });
});
