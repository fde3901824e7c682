import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answers, apiError, withApi } from '../test/api.tsx';
import { RetentionPage } from './RetentionPage.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const PURGE = '00000000-0000-4000-8000-000000000301';

const overview = (siteMonths: number | null) => ({
  organisationMonths: 36,
  siteMonths,
  effectiveMonths: siteMonths ?? 36,
  purgeTime: '02:00',
  purgeTimeZone: 'Europe/London',
  concernReviewDays: 14,
  purges: [
    {
      id: PURGE,
      trigger: 'schedule',
      startedAt: new Date('2031-06-10T02:00:00Z'),
      finishedAt: new Date('2031-06-10T02:00:13Z'),
      status: 'finished',
      periods: [{ siteId: SITE, months: 36, cutoff: '2028-06-10T02:00:00.000Z' }],
      counts: { visits: 20000, signatures: 20000, disclosureRequests: 4 },
      skippedHeld: 2,
    },
  ],
});

function show(answers: Answers, canSet: boolean) {
  const api = withApi({ 'retention.overview': () => overview(null), ...answers });
  render(<RetentionPage siteId={SITE} timeZone="Europe/London" canSet={canSet} />, { wrapper: api.wrapper });
  return api.calls;
}

describe('RetentionPage', () => {
  it('shows the period in years and the purges with their counts; no form for a coordinator', async () => {
    show({}, false);
    expect((await screen.findByText('3 years')).tagName).toBe('STRONG');
    const row = within(screen.getByRole('table', { name: /Recent purges/ })).getAllByRole('row')[1];
    expect(row?.textContent).toContain('Nightly');
    expect(row?.textContent).toContain('20000');
    expect(row?.textContent).toContain('Finished');
    expect(screen.queryByRole('form', { name: 'Retention periods' })).toBeNull();
    expect(screen.getByText(/The purge runs every night at/).textContent).toBe(
      'The purge runs every night at 02:00 (Europe/London time). A concern’s automatic hold comes up for review after 14 days.',
    );
    expect(screen.queryByRole('form', { name: 'Purge time and concern review' })).toBeNull();
  });

  it('an admin sets the purge time (an hour or HH:MM) and the concern review period', async () => {
    const calls = show({ 'retention.setSchedule': () => ({ changed: true }) }, true);
    const form = await screen.findByRole('form', { name: 'Purge time and concern review' });
    const time = within(form).getByLabelText(/Nightly purge time/);
    expect((time as HTMLInputElement).value).toBe('02:00');
    await userEvent.clear(time);
    await userEvent.type(time, '3');
    const days = within(form).getByLabelText(/Concern review period/);
    await userEvent.clear(days);
    await userEvent.type(days, '30');
    await userEvent.click(within(form).getByRole('button', { name: 'Save purge time and review period' }));
    expect((await within(form).findByRole('status')).textContent).toBe(
      'Purge time and review period saved and recorded.',
    );
    expect(calls.find((c) => c.path === 'retention.setSchedule')?.input).toEqual({
      siteId: SITE,
      purgeTime: '3',
      concernReviewDays: 30,
    });
  });

  it('shows a refused purge time or review period beside its field', async () => {
    const message = 'Enter the purge time as an hour from 0 to 23, or as hours and minutes such as 02:00';
    show(
      {
        'retention.setSchedule': () => {
          throw apiError('BAD_REQUEST', message, { fieldErrors: [{ path: 'purgeTime', message }] });
        },
      },
      true,
    );
    const form = await screen.findByRole('form', { name: 'Purge time and concern review' });
    const time = within(form).getByLabelText(/Nightly purge time/);
    await userEvent.clear(time);
    await userEvent.type(time, '25');
    await userEvent.click(within(form).getByRole('button', { name: 'Save purge time and review period' }));
    expect(await within(form).findByText(message)).toBeDefined();
    expect(time.getAttribute('aria-invalid')).toBe('true');
    expect(
      within(form)
        .getByLabelText(/Concern review period/)
        .getAttribute('aria-invalid'),
    ).not.toBe('true');
  });

  it('an admin sets a site’s own period; an empty site field follows the organisation', async () => {
    const calls = show({ 'retention.setPeriod': () => ({ changed: true }) }, true);
    const site = await screen.findByLabelText(/This site’s own period/);
    await userEvent.type(site, '72');
    await userEvent.click(screen.getByRole('button', { name: 'Save retention periods' }));
    expect((await screen.findByRole('status')).textContent).toBe('Retention periods saved and recorded.');
    expect(calls.find((c) => c.path === 'retention.setPeriod')?.input).toEqual({
      siteId: SITE,
      organisationMonths: 36,
      siteMonths: 72,
    });
    await userEvent.clear(site);
    await userEvent.click(screen.getByRole('button', { name: 'Save retention periods' }));
    expect(calls.filter((c) => c.path === 'retention.setPeriod').at(-1)?.input).toMatchObject({ siteMonths: null });
  });

  it('shows the server’s refusal beside the field', async () => {
    const message = 'Enter a whole number of months from 12 (1 year) to 120 (10 years)';
    show(
      {
        'retention.setPeriod': () => {
          throw apiError('BAD_REQUEST', message, { fieldErrors: [{ path: 'organisationMonths', message }] });
        },
      },
      true,
    );
    const org = await screen.findByLabelText(/Organisation’s period/);
    await userEvent.clear(org);
    await userEvent.type(org, '6');
    await userEvent.click(screen.getByRole('button', { name: 'Save retention periods' }));
    expect(await screen.findByText(message)).toBeDefined();
    expect(org.getAttribute('aria-invalid')).toBe('true');
  });
});
