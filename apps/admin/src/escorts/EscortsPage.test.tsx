import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { withApi } from '../test/api.tsx';
import { EscortsPage } from './EscortsPage.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';

describe('EscortsPage', () => {
  it('shows training dates as the rest of the desk does, not as ISO dates', async () => {
    const api = withApi({
      'escorts.list': () => [
        { staffId: 's1', name: 'Sok Dara', trainedOn: '2026-12-04', eligible: true, reasons: [] },
        {
          staffId: 's2',
          name: 'Priya Raman',
          trainedOn: null,
          eligible: false,
          reasons: [{ code: 'no_training', text: 'No safeguarding training is recorded.' }],
        },
      ],
    });
    render(<EscortsPage siteId={SITE} canRecordTraining={false} />, { wrapper: api.wrapper });
    const sok = (await screen.findByText('Sok Dara')).closest('tr');
    const expected = new Date('2026-12-04T00:00:00Z').toLocaleDateString(undefined, {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
    expect(sok?.textContent).toContain(expected);
    expect(sok?.textContent).not.toContain('2026-12-04');
    expect(screen.getByText('Priya Raman').closest('tr')?.textContent).toContain('none recorded');
  });
});
