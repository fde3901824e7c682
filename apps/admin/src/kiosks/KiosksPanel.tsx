import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatClock, formatDateTime } from '../time.ts';
import { type TabletHealth, tabletConnection } from './tablet-status.ts';

// As on the board: heartbeats raise no live event.
const HEALTH_REFRESH_MS = 15_000;

/** Pair tablets with one-time codes; see, rename and revoke the paired ones. */
export function KiosksPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery(trpc.kiosk.devices.queryOptions({ siteId }));
  const health = useQuery(trpc.kiosk.health.queryOptions({ siteId }, { refetchInterval: HEALTH_REFRESH_MS }));
  const healthOf = new Map(health.data?.map((t) => [t.id, t]));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.kiosk.devices.queryKey() });
  const create = useMutation(trpc.kiosk.createPairingCode.mutationOptions());
  const revoke = useMutation(trpc.kiosk.revokeDevice.mutationOptions({ onSuccess: refresh }));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
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
              <th scope="col">Connection</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {devices.data.map((d) => (
              <tr key={d.id}>
                <td>
                  {renaming === d.id ? (
                    <RenameKiosk
                      siteId={siteId}
                      device={d}
                      onSaved={async () => {
                        // The new name is on screen before the form closes.
                        await queryClient.invalidateQueries({ queryKey: trpc.kiosk.devices.queryKey() });
                        setRenaming(null);
                      }}
                      onCancel={() => setRenaming(null)}
                    />
                  ) : (
                    // A revoked tablet can never come back, so there is nothing left to rename.
                    <>
                      {d.name}{' '}
                      {d.revokedAt ? null : (
                        <Button variant="link" aria-label={`Rename ${d.name}`} onClick={() => setRenaming(d.id)}>
                          Rename
                        </Button>
                      )}
                    </>
                  )}
                </td>
                <td>{formatDateTime(d.pairedAt, timeZone)}</td>
                <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt, timeZone) : 'never'}</td>
                <td>
                  <KioskConnection health={d.revokedAt ? undefined : healthOf.get(d.id)} timeZone={timeZone} />
                </td>
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

/** Online or not, and what the tablet holds unsent; a dash for a revoked tablet, or until the status has loaded. */
function KioskConnection(props: { health: TabletHealth | undefined; timeZone: string }) {
  if (!props.health) return <>—</>;
  const { text, warn } = tabletConnection(props.health, new Date(), props.timeZone);
  return <span className={warn ? 'admin-warning' : undefined}>{text}</span>;
}

/** Renames a kiosk so admins can tell the tablets apart ("Front desk", "Garden entrance"). */
function RenameKiosk(props: {
  siteId: string;
  device: { id: string; name: string };
  onSaved: () => Promise<void>;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(props.device.name);
  const rename = useMutation(trpc.kiosk.renameDevice.mutationOptions({ onSuccess: props.onSaved }));
  // Revoked by someone else while this form was open: said in the form, as the reason it cannot be saved.
  const errors = formErrorsOf(rename.error, ['name', 'deviceId']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate({ siteId: props.siteId, deviceId: props.device.id, name });
  };
  return (
    <form onSubmit={submit} noValidate className="admin-inline-form">
      <TextField
        label={`New name for ${props.device.name}`}
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name ?? errors.fields.deviceId ?? errors.message ?? undefined}
      />
      <Button type="submit" disabled={rename.isPending}>
        Save name
      </Button>
      <Button variant="link" onClick={props.onCancel}>
        Cancel
      </Button>
    </form>
  );
}
