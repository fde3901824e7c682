import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { StaffPage } from './StaffPage.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-000000000002';

/** The staff page, whose "New account" is refused by `refusal`. */
async function refusedNewAccount(refusal: Error) {
  const api = withApi({
    'accounts.list': () => ({ requireTwoFactor: false, staff: [] }),
    'accounts.create': () => {
      throw refusal;
    },
  });
  render(<StaffPage siteId={SITE} myStaffId={ME} />, { wrapper: api.wrapper });
  await screen.findByText('No one holds a role at this site yet.');
  await userEvent.type(screen.getByLabelText('Name'), 'Dara Sok');
  await userEvent.type(screen.getByLabelText('Email'), 'dara@example.org');
  await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
  return api;
}

/** The error shown in the same field frame as the control labelled `label`. */
function errorBeside(label: string) {
  const frame = screen.getByLabelText(label).closest('.th-field');
  if (!(frame instanceof HTMLElement)) throw new Error(`no field frame around ${label}`);
  return within(frame).queryByRole('alert')?.textContent ?? null;
}

describe('the staff page’s new account form', () => {
  it('shows a rule the server checked beside its field, by its field error', async () => {
    await refusedNewAccount(
      apiError('CONFLICT', 'That email address already has an account.', {
        fieldErrors: [{ path: 'email', key: 'email.taken', message: 'That email address already has an account.' }],
      }),
    );
    await screen.findByText('That email address already has an account.');
    expect(errorBeside('Email')).toBe('That email address already has an account.');
    expect(errorBeside('Name')).toBeNull();
  });

  it('names a field the form does not show plainly, never by its raw name', async () => {
    await refusedNewAccount(
      apiError('BAD_REQUEST', 'Choose a site', {
        fieldErrors: [{ path: 'siteId', key: 'siteId.invalid_format', message: 'Choose a site' }],
      }),
    );
    const alert = await screen.findByText('Site: Choose a site');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(screen.queryByText(/siteId/)).toBeNull();
  });
});
