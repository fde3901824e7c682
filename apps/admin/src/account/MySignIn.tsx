import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { authClient } from '../auth-client.ts';
import { TwoFactorEnrolment } from './TwoFactorEnrolment.tsx';

/** "My account": how this person signs in — two-factor sign-in (set up voluntarily) and their password. */
export function MySignIn() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.staff.me.queryOptions());
  const [enrolling, setEnrolling] = useState(false);
  if (!me.data) return null;
  return (
    <>
      <h2>Two-factor sign-in</h2>
      {me.data.twoFactorEnabled ? (
        <p>
          You sign in with your password and a code from your authenticator app. Lost your phone? Sign in with a backup
          code, or ask an admin to reset your two-factor sign-in.
        </p>
      ) : enrolling ? (
        <TwoFactorEnrolment
          headingLevel={2}
          onDone={() => {
            setEnrolling(false);
            void queryClient.invalidateQueries({ queryKey: trpc.staff.me.queryKey() });
          }}
        />
      ) : (
        <>
          <p>
            A code from an app on your phone, as well as your password, keeps your account safe even if someone learns
            your password.
          </p>
          <Button variant="secondary" onClick={() => setEnrolling(true)}>
            Set up two-factor sign-in
          </Button>
        </>
      )}
      <h2>Password</h2>
      <ChangePassword />
    </>
  );
}

/** Current and new password; `onChanged` runs once better-auth has changed it. */
export function ChangePassword({ onChanged }: { onChanged?: () => void } = {}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (next.length < 12) {
      setError('Choose a new password of at least 12 characters.');
      return;
    }
    setBusy(true);
    setError(null);
    // Other sessions (another browser, a lost device) end with the change.
    const result = await authClient.changePassword({
      currentPassword: current,
      newPassword: next,
      revokeOtherSessions: true,
    });
    setBusy(false);
    if (result.error) {
      setError(
        result.error.status === 400
          ? 'Your current password is not right, or the new one is not allowed. Check both and try again.'
          : 'Your password could not be changed just now. Try again.',
      );
      return;
    }
    setCurrent('');
    setNext('');
    setSaved(true);
    onChanged?.();
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <TextField
        label="New password"
        hint="At least 12 characters. A few unrelated words make a strong one."
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={error ?? undefined}
      />
      <Button type="submit" disabled={busy}>
        Change password
      </Button>
      {saved ? <p role="status">Your password is changed. Any other session you had has ended.</p> : null}
    </form>
  );
}
