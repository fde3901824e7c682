import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { DisclosureForm } from './DisclosureForm.tsx';
import { emptyDraft } from './disclosure-types.ts';

const SITE = '11111111-1111-4111-8111-111111111111';
const deciders = () => [
  { id: 'staff-cora', name: 'Cora Coordinator' },
  { id: 'staff-colm', name: 'Colm Coordinator' },
];

function renderForm(answers: Record<string, (input: unknown) => unknown>) {
  const saved: string[] = [];
  const api = withApi({ 'disclosures.deciders': deciders, ...answers });
  render(
    <DisclosureForm
      siteId={SITE}
      timeZone="Europe/London"
      id={null}
      initial={emptyDraft('2026-02-10')}
      onSaved={(id) => saved.push(id)}
      onCancel={() => undefined}
    />,
    { wrapper: api.wrapper },
  );
  return { api, saved };
}

describe('the disclosure form', () => {
  it('asks the reason only when consent was not obtained, and sends every field', async () => {
    const { api, saved } = renderForm({ 'disclosures.create': () => ({ id: 'new-request' }) });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name of the person asking'), 'Dee Officer');
    await user.type(screen.getByLabelText(/^Agency/), 'County council');
    await user.type(screen.getByLabelText('What was asked for'), 'Dates of visits');
    await user.click(screen.getByRole('radio', { name: 'Sought and obtained' }));
    expect(screen.queryByLabelText('Reason for disclosing without consent')).toBeNull();
    await user.click(screen.getByRole('radio', { name: 'Not sought' }));
    await user.type(screen.getByLabelText('Reason for disclosing without consent'), 'Child protection enquiry');
    await user.type(screen.getByLabelText('Why they were not told'), 'It would put the child at risk');
    await screen.findByRole('option', { name: 'Colm Coordinator' });
    await user.selectOptions(screen.getByLabelText('Who decided'), 'Colm Coordinator');
    await user.click(screen.getByRole('button', { name: 'Record request' }));

    await waitFor(() => expect(saved).toEqual(['new-request']));
    expect(api.calls.find((c) => c.path === 'disclosures.create')?.input).toEqual({
      siteId: SITE,
      requesterName: 'Dee Officer',
      requesterRole: '',
      agency: 'County council',
      receivedOn: '2026-02-10',
      requested: 'Dates of visits',
      consent: 'not_sought',
      reasonWithoutConsent: 'Child protection enquiry',
      toldOn: null,
      notToldReason: 'It would put the child at risk',
      released: '',
      releasedOn: null,
      decidedByStaffId: 'staff-colm',
      visitIds: [],
    });
  });

  it('shows each refusal beside its field and keeps what was typed', async () => {
    const { saved } = renderForm({
      'disclosures.create': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [
            { path: 'reasonWithoutConsent', message: 'Give the reason for disclosing without the person’s consent' },
            { path: 'decidedByStaffId', message: 'Choose who decided' },
          ],
        });
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name of the person asking'), 'Dee Officer');
    await user.click(screen.getByRole('radio', { name: 'Sought and refused' }));
    await user.click(screen.getByRole('button', { name: 'Record request' }));

    const reason = await screen.findByLabelText('Reason for disclosing without consent');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the reason for disclosing without the person’s consent')).toBeTruthy();
    expect(screen.getByText('Choose who decided')).toBeTruthy();
    expect((screen.getByLabelText('Name of the person asking') as HTMLInputElement).value).toBe('Dee Officer');
    expect(saved).toEqual([]);
  });
});
