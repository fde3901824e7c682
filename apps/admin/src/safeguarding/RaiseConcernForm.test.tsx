import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type Answers, apiError, withApi } from '../test/api.tsx';
import { RaiseConcern } from './RaiseConcernForm.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const VISIT = '00000000-0000-4000-8000-000000000101';

function show(answers: Answers) {
  const api = withApi({ 'alerts.open': () => [], ...answers });
  render(<RaiseConcern siteId={SITE} visitId={VISIT} visitorName="Grace H." />, { wrapper: api.wrapper });
  return api.calls;
}

describe('RaiseConcern', () => {
  it('opens a form that says the concern will be recorded, and sends the category and note', async () => {
    const calls = show({
      'safeguarding.raiseConcern': () => ({ concernId: VISIT, holdId: VISIT, alertId: VISIT }),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Raise a concern… about Grace H.' }));
    const form = screen.getByRole('form', { name: 'Raise a concern about Grace H.' });
    expect(form.textContent).toContain('This will be recorded with your name. Coordinators are told at once');
    await userEvent.selectOptions(screen.getByLabelText('What is the concern about?'), 'A child disclosed something');
    await userEvent.type(screen.getByLabelText(/What happened/), 'Said they were scared of the visitor');
    await userEvent.click(screen.getByRole('button', { name: 'Record the concern' }));
    expect((await screen.findByRole('status')).textContent).toBe('Concern recorded. A coordinator has been told.');
    expect(calls.find((c) => c.path === 'safeguarding.raiseConcern')?.input).toEqual({
      siteId: SITE,
      visitId: VISIT,
      category: 'disclosure_by_child',
      note: 'Said they were scared of the visitor',
    });
  });

  it('shows the server’s refusal beside the note and keeps what was typed', async () => {
    show({
      'safeguarding.raiseConcern': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [
            { path: 'note', key: 'note.too_small', message: 'Describe the concern (at least a few words)' },
          ],
        });
      },
    });
    await userEvent.click(screen.getByRole('button', { name: /Raise a concern/ }));
    await userEvent.type(screen.getByLabelText(/What happened/), 'Hm');
    await userEvent.click(screen.getByRole('button', { name: 'Record the concern' }));
    await screen.findByText('Describe the concern (at least a few words)');
    expect((screen.getByLabelText(/What happened/) as HTMLTextAreaElement).value).toBe('Hm');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('cancel closes the form without sending anything', async () => {
    const calls = show({});
    await userEvent.click(screen.getByRole('button', { name: /Raise a concern/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).toBeNull();
    screen.getByRole('button', { name: /Raise a concern/ });
    expect(calls.filter((c) => c.path === 'safeguarding.raiseConcern')).toEqual([]);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
