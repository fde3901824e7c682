import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { formErrorsOf } from '../form-errors.ts';
import type { DisplayClient } from './display-client.ts';

/** Pairs this browser with a display an admin added, using the one-time code the admin's Kiosks page shows. */
export function DisplayPair(props: { client: DisplayClient; revoked: boolean; onPaired: (token: string) => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = formErrorsOf(error, ['code']);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const { token } = await props.client.displays.pair.mutate({ code });
      props.onPaired(token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="display-pair">
      <h1>Board display</h1>
      {props.revoked ? (
        <p role="alert" className="display-notice">
          This display was removed by an admin, so it shows nothing now. To use this screen again, ask an admin for a
          new pairing code.
        </p>
      ) : null}
      <p>
        An admin adds the display under Kiosks → Board displays and creates a pairing code. The code works once and
        lasts 10 minutes.
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          label="Pairing code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          maxLength={6}
          onChange={(e) => setCode(e.target.value)}
          error={errors.fields.code ?? errors.message ?? undefined}
        />
        <Button type="submit" disabled={busy}>
          Pair this screen
        </Button>
      </form>
    </main>
  );
}
