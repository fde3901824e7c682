import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { HoldControls } from './HoldControls.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const VISIT = '00000000-0000-4000-8000-000000000101';
const HOLD = '00000000-0000-4000-8000-000000000201';

const held = {
  id: HOLD,
  reason: 'legal_request',
  note: 'Police request ref 4411',
  reviewBy: '2031-09-01',
  concernId: null,
  placedAt: new Date('2031-06-10T12:00:00Z'),
  placedByName: 'Cora Coordinator',
};

describe('HoldControls', () => {
  it('holds a visit with a reason, a note and a review date', async () => {
    const api = withApi({ 'safeguarding.visitHold': () => null, 'safeguarding.hold': () => ({ holdId: HOLD }) });
    render(<HoldControls siteId={SITE} visitId={VISIT} timeZone="Europe/London" />, { wrapper: api.wrapper });
    await userEvent.click(await screen.findByRole('button', { name: 'Hold this visit…' }));
    await userEvent.selectOptions(screen.getByLabelText('Reason'), 'Legal request');
    await userEvent.type(screen.getByLabelText('Note (kept with the hold)'), 'Court order 17');
    const review = screen.getByLabelText('Review by');
    await userEvent.clear(review);
    await userEvent.type(review, '2031-12-01');
    await userEvent.click(screen.getByRole('button', { name: 'Hold the visit' }));
    await expect
      .poll(() => api.calls.find((c) => c.path === 'safeguarding.hold')?.input)
      .toEqual({
        siteId: SITE,
        visitId: VISIT,
        reason: 'legal_request',
        note: 'Court order 17',
        reviewBy: '2031-12-01',
      });
  });

  it('shows the hold, and release asks why, showing the refusal beside the field', async () => {
    const api = withApi({
      'safeguarding.visitHold': () => held,
      'safeguarding.release': () => {
        throw apiError('BAD_REQUEST', 'Invalid input', {
          fieldErrors: [{ path: 'reason', key: 'reason.too_small', message: 'Say why the hold is released' }],
        });
      },
    });
    render(<HoldControls siteId={SITE} visitId={VISIT} timeZone="Europe/London" />, { wrapper: api.wrapper });
    const line = await screen.findByText(/^Held: Legal request · review by/);
    expect(line.textContent).toContain('placed by Cora Coordinator');
    screen.getByText('Police request ref 4411');
    await userEvent.click(screen.getByRole('button', { name: 'Release the hold…' }));
    screen.getByText(/This will be recorded/);
    await userEvent.click(screen.getByRole('button', { name: 'Release the hold' }));
    await screen.findByText('Say why the hold is released');
    expect(api.calls.find((c) => c.path === 'safeguarding.release')?.input).toEqual({
      siteId: SITE,
      holdId: HOLD,
      reason: '',
    });
  });
});
