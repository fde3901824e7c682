import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, withApi } from '../test/api.tsx';
import { KiosksPanel } from './KiosksPanel.tsx';

const SITE = '00000000-0000-4000-8000-000000000001';
const FRONT = '00000000-0000-4000-8000-0000000000d1';
const OLD = '00000000-0000-4000-8000-0000000000d2';
const paired = new Date('2026-11-01T09:00:00Z');

function show(rename: () => unknown = () => undefined) {
  const api = withApi({
    'kiosk.devices': () => [
      { id: FRONT, name: 'Front desk', pairedAt: paired, lastSeenAt: paired, revokedAt: null },
      {
        id: OLD,
        name: 'Old tablet',
        pairedAt: paired,
        lastSeenAt: paired,
        revokedAt: new Date('2026-11-20T09:00:00Z'),
      },
    ],
    'kiosk.health': () => [],
    'kiosk.renameDevice': rename,
  });
  render(<KiosksPanel siteId={SITE} timeZone="Europe/London" />, { wrapper: api.wrapper });
  return api.calls;
}

describe('KiosksPanel', () => {
  it('offers Rename and Revoke only on a tablet still paired', async () => {
    show();
    const active = (await screen.findByText('Front desk')).closest('tr');
    const revoked = screen.getByText('Old tablet').closest('tr');
    if (!active || !revoked) throw new Error('rows missing');
    expect(
      within(active)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Rename', 'Revoke…']);
    expect(within(revoked).queryAllByRole('button')).toEqual([]);
    expect(revoked.textContent).toContain('Revoked');
  });

  it('says in the form when the tablet was revoked meanwhile, in words', async () => {
    show(() => {
      throw apiError('CONFLICT', 'x', {
        fieldErrors: [
          {
            path: 'deviceId',
            key: 'deviceId.revoked',
            message: 'This kiosk was revoked, so it cannot be renamed. Pair the tablet again to use it.',
          },
        ],
      });
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Front desk' }));
    await userEvent.type(screen.getByLabelText('New name for Front desk'), ' 2');
    await userEvent.click(screen.getByRole('button', { name: 'Save name' }));
    await screen.findByText('This kiosk was revoked, so it cannot be renamed. Pair the tablet again to use it.');
    expect(document.body.textContent).not.toMatch(/deviceId/);
  });
});
