import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formatClock, formatDateTime } from '../time.ts';

/** Pair tablets with one-time codes; see, rename and revoke the paired ones. */
export function KiosksPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery(trpc.kiosk.devices.queryOptions({ siteId }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.kiosk.devices.queryKey() });
  const create = useMutation(trpc.kiosk.createPairingCode.mutationOptions());
  const revoke = useMutation(trpc.kiosk.revokeDevice.mutationOptions({ onSuccess: refresh }));
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <section aria-labelledby="kiosks-title" className="admin-panel">
      <h1 id="kiosks-title">Kiosks</h1>
      <p>
        To set up a reception tablet, open /kiosk/ on it and enter a pairing code. A code works once and lasts 10
        minutes.
      </p>
      <Button onClick={() => create.mutate({ siteId })} disabled={create.isPending}>
        Create a pairing code
      </Button>
      {create.data ? (
        <p className="admin-pairing" role="status">
          Pairing code <strong data-testid="pairing-code">{create.data.code}</strong> — valid until{' '}
          {formatClock(create.data.expiresAt, timeZone)}
        </p>
      ) : null}
      {create.error ? <p role="alert">{create.error.message}</p> : null}
      <h2>Paired kiosks</h2>
      {devices.data?.length === 0 ? <p className="admin-empty">No kiosk is paired at this site yet.</p> : null}
      {devices.data && devices.data.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Paired</th>
              <th scope="col">Last seen</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {devices.data.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{formatDateTime(d.pairedAt, timeZone)}</td>
                <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt, timeZone) : 'never'}</td>
                <td>
                  {d.revokedAt ? (
                    `Revoked ${formatDateTime(d.revokedAt, timeZone)}`
                  ) : confirming === d.id ? (
                    <div>
                      <p>It stops working at once and goes back to its pairing screen. This is recorded.</p>
                      <Button onClick={() => revoke.mutate({ siteId, deviceId: d.id })} disabled={revoke.isPending}>
                        Revoke {d.name}
                      </Button>
                      <Button variant="link" onClick={() => setConfirming(null)}>
                        Keep it
                      </Button>
                    </div>
                  ) : (
                    <Button variant="secondary" onClick={() => setConfirming(d.id)}>
                      Revoke…
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {revoke.error ? <p role="alert">{revoke.error.message}</p> : null}
    </section>
  );
}
