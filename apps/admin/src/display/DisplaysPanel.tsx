import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button, TextField } from '@threshold/ui';
import { minuteToTime } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatClock, formatDateTime } from '../time.ts';

type DisplayRow = RouterOutputs['displays']['list'][number];

/** Board displays: add one for a room, pair a browser to it, see when it was last seen, rename or revoke it. */
export function DisplaysPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const displays = useQuery(trpc.displays.list.queryOptions({ siteId }, { refetchInterval: 15_000 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.displays.list.queryKey() });
  const code = useMutation(trpc.displays.createPairingCode.mutationOptions());
  const revoke = useMutation(trpc.displays.revoke.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <section aria-labelledby="displays-title" className="admin-panel">
      <h2 id="displays-title">Board displays</h2>
      <p>
        A board display is a screen for a room, such as reception. It shows first names and initials of visitors on site
        and their escort state, nothing else, and only between the hours you set (counts only outside them). Open
        /admin/#/display on the screen and enter a pairing code.
      </p>
      <DisplayForm siteId={siteId} onSaved={refresh} />
      {code.data ? (
        <p className="admin-pairing" role="status">
          Pairing code <strong data-testid="display-pairing-code">{code.data.code}</strong> — valid until{' '}
          {formatClock(code.data.expiresAt, timeZone)}
        </p>
      ) : null}
      {code.error ? <p role="alert">{code.error.message}</p> : null}
      {displays.data?.length === 0 ? <p className="admin-empty">No board display at this site yet.</p> : null}
      {displays.data && displays.data.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Names shown</th>
              <th scope="col">Last seen</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {displays.data.map((d: DisplayRow) => (
              <tr key={d.id}>
                <td>
                  {editing === d.id ? (
                    <DisplayForm
                      siteId={siteId}
                      display={d}
                      onSaved={async () => {
                        await refresh();
                        setEditing(null);
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    d.name
                  )}
                </td>
                <td>
                  {minuteToTime(d.namesFromMinute)}–{minuteToTime(d.namesUntilMinute)}
                </td>
                <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt, timeZone) : 'never'}</td>
                <td>
                  {d.revokedAt ? (
                    `Revoked ${formatDateTime(d.revokedAt, timeZone)}`
                  ) : confirming === d.id ? (
                    <div>
                      <p>Its screen goes blank within seconds and it cannot be used again. This is recorded.</p>
                      <Button onClick={() => revoke.mutate({ siteId, displayId: d.id })} disabled={revoke.isPending}>
                        Yes, revoke {d.name}
                      </Button>
                      <Button variant="link" onClick={() => setConfirming(null)}>
                        Keep it
                      </Button>
                    </div>
                  ) : (
                    <>
                      <Button
                        variant="secondary"
                        aria-label={`${d.pairedAt ? 'Pair again' : 'Pair a screen'}: ${d.name}`}
                        onClick={() => code.mutate({ siteId, displayId: d.id })}
                      >
                        {d.pairedAt ? 'Pair again' : 'Pair a screen'}
                      </Button>
                      <Button variant="link" aria-label={`Edit ${d.name}`} onClick={() => setEditing(d.id)}>
                        Edit
                      </Button>
                      <Button variant="link" aria-label={`Revoke ${d.name}`} onClick={() => setConfirming(d.id)}>
                        Revoke
                      </Button>
                    </>
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

/** Adds a display, or renames one and sets its hours when `display` is given. */
function DisplayForm(props: {
  siteId: string;
  display?: DisplayRow;
  onSaved: () => Promise<unknown>;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(props.display?.name ?? '');
  const [namesFrom, setFrom] = useState(minuteToTime(props.display?.namesFromMinute ?? 420));
  const [namesUntil, setUntil] = useState(minuteToTime(props.display?.namesUntilMinute ?? 1200));
  const add = useMutation(
    trpc.displays.add.mutationOptions({ onSuccess: () => props.onSaved().then(() => setName('')) }),
  );
  const update = useMutation(trpc.displays.update.mutationOptions({ onSuccess: () => props.onSaved() }));
  const saving = props.display ? update : add;
  const errors = formErrorsOf(saving.error, ['name', 'namesFrom', 'namesUntil']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields = { siteId: props.siteId, name, namesFrom, namesUntil };
    if (props.display) update.mutate({ ...fields, displayId: props.display.id });
    else add.mutate(fields);
  };
  const label = props.display ? ` (${props.display.name})` : '';
  return (
    <form onSubmit={submit} noValidate className="admin-inline-form">
      <TextField
        label={props.display ? `New name for ${props.display.name}` : 'Display name'}
        value={name}
        maxLength={80}
        placeholder="Reception screen"
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name ?? errors.message ?? undefined}
      />
      <TextField
        label={`Show names from${label}`}
        type="time"
        value={namesFrom}
        onChange={(e) => setFrom(e.target.value)}
        error={errors.fields.namesFrom ?? undefined}
      />
      <TextField
        label={`Show names until${label}`}
        type="time"
        value={namesUntil}
        onChange={(e) => setUntil(e.target.value)}
        error={errors.fields.namesUntil ?? undefined}
      />
      <Button type="submit" disabled={saving.isPending}>
        {props.display ? 'Save' : 'Add display'}
      </Button>
      {props.onCancel ? (
        <Button variant="link" onClick={props.onCancel}>
          Cancel
        </Button>
      ) : null}
    </form>
  );
}
