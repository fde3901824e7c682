import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { SubjectAccessPage } from './SubjectAccessPage.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const FREE = '00000000-0000-4000-8000-000000000101';
const HELD = '00000000-0000-4000-8000-000000000102';

const visit = (id: string, holdReason: string | null) => ({
  id,
  siteId: SITE,
  siteName: 'Riverside',
  siteTimeZone: 'Europe/London',
  visitorName: 'Amara Nwosu',
  visitorEmail: 'amara@example.org',
  visitorOrganisation: 'Northside Research',
  category: 'researcher',
  state: 'signed_out',
  signedInAt: new Date(id === FREE ? '2026-03-02T09:00:00Z' : '2026-04-10T14:30:00Z'),
  signedOutAt: null,
  holdReason,
});

const WITHHELD = 'Withheld from the export: telling someone they are on the deny list could put people at risk.';
const noEntries = { entries: [], withheld: WITHHELD };
const found = {
  visits: [visit(FREE, null), visit(HELD, 'child_protection_concern')],
  limited: false,
  denyList: noEntries,
};

async function searchAndTickBoth() {
  await userEvent.type(screen.getByLabelText('Name'), 'Amara');
  await userEvent.click(screen.getByRole('button', { name: 'Find records' }));
  const table = await screen.findByRole('table');
  within(table).getByText(/Held: Child protection concern — cannot be erased/);
  for (const box of within(table).getAllByRole('checkbox')) await userEvent.click(box);
  screen.getByText('2 ticked.');
}

describe('SubjectAccessPage', () => {
  it('finds by name, lets the coordinator tick visits, and exports them with a reason it says is recorded', async () => {
    const api = withApi({
      'subjectAccess.find': () => found,
      'subjectAccess.export': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [{ path: 'reason', key: 'reason.invalid', message: 'Choose why you are exporting' }],
        });
      },
    });
    render(<SubjectAccessPage siteId={SITE} />, { wrapper: api.wrapper });
    await searchAndTickBoth();
    expect(api.calls[0]).toEqual({ path: 'subjectAccess.find', input: { siteId: SITE, name: 'Amara' } });
    screen.getByText(/will be recorded in the audit trail and on each visit’s timeline/);
    await userEvent.click(screen.getByRole('button', { name: 'Export readable PDF' }));
    await screen.findByText('Choose why you are exporting');
    await userEvent.click(screen.getByLabelText('The person asked for a copy (subject access request)'));
    await userEvent.click(screen.getByRole('button', { name: 'Export JSON (every field)' }));
    await expect
      .poll(() => api.calls.filter((c) => c.path === 'subjectAccess.export').at(-1)?.input)
      .toEqual({ siteId: SITE, visitIds: [FREE, HELD], format: 'json', reason: 'subject_access_request' });
  });

  it('erases after a reason and a confirmation, and names the held visit that could not be erased', async () => {
    const api = withApi({
      'subjectAccess.find': () => found,
      'subjectAccess.erase': () => ({
        erased: [FREE],
        held: [{ visitId: HELD, holdReason: 'child_protection_concern' }],
      }),
    });
    render(<SubjectAccessPage siteId={SITE} />, { wrapper: api.wrapper });
    await searchAndTickBoth();
    screen.getByText(/It cannot be undone\..*will be recorded in the audit trail/);
    await userEvent.click(screen.getByLabelText('The person asked for their records to be erased'));
    await userEvent.click(screen.getByRole('button', { name: 'Erase the ticked visits…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Erase 2 visits permanently' }));
    await screen.findByText('Erased 1 visit.');
    screen.getByText(/^Amara Nwosu \(.*\) cannot be erased: safeguarding hold \(Child protection concern\)$/);
    expect(api.calls.find((c) => c.path === 'subjectAccess.erase')?.input).toEqual({
      siteId: SITE,
      visitIds: [FREE, HELD],
      reason: 'erasure_request',
    });
  });

  it('shows deny-list entries that may be the person apart from their visits, saying why they are withheld', async () => {
    const entry = {
      id: '00000000-0000-4000-8000-000000000201',
      fullName: 'Amara Nwosu',
      aliases: ['Ama N'],
      dateOfBirth: '1980-05-06',
      reason: 'Court order against contact',
      reviewBy: '2031-01-01',
      addedAt: new Date('2026-01-02T10:00:00Z'),
      addedByName: 'Cora Coordinator',
    };
    const api = withApi({
      'subjectAccess.find': () => ({ ...found, denyList: { entries: [entry], withheld: WITHHELD } }),
    });
    render(<SubjectAccessPage siteId={SITE} />, { wrapper: api.wrapper });
    await userEvent.type(screen.getByLabelText('Name'), 'Amara');
    await userEvent.click(screen.getByRole('button', { name: 'Find records' }));
    const group = await screen.findByRole('region', { name: 'On the deny list (not exported, not erased)' });
    within(group).getByText(WITHHELD);
    within(group).getByText(/also known as Ama N, born 1980-05-06\. Reason: Court order against contact\./);
    expect(within(group).queryByRole('checkbox')).toBeNull();
    expect(within(screen.getByRole('table')).getAllByRole('checkbox')).toHaveLength(2);
  });

  it('shows no deny-list group when no entry matches', async () => {
    const api = withApi({ 'subjectAccess.find': () => found });
    render(<SubjectAccessPage siteId={SITE} />, { wrapper: api.wrapper });
    await userEvent.type(screen.getByLabelText('Name'), 'Amara');
    await userEvent.click(screen.getByRole('button', { name: 'Find records' }));
    await screen.findByRole('table');
    expect(screen.queryByRole('region', { name: /deny list/ })).toBeNull();
  });

  it('asks for a name or an email beside the name field', async () => {
    const api = withApi({
      'subjectAccess.find': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [
            { path: 'name', key: 'name.custom', message: 'Enter the person’s name or their email address' },
          ],
        });
      },
    });
    render(<SubjectAccessPage siteId={SITE} />, { wrapper: api.wrapper });
    await userEvent.click(screen.getByRole('button', { name: 'Find records' }));
    await screen.findByText('Enter the person’s name or their email address');
  });
});
