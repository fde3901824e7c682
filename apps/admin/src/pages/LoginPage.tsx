import { Button, ErrorSummary, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { authClient } from '../auth-client.ts';

export function LoginPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await authClient.signIn.email({ email, password });
    setBusy(false);
    if (result.error) {
      setError('That email and password do not match an active account. Check them and try again.');
      return;
    }
    onSignedIn();
  };
  return (
    <main className="admin-login">
      <h1>Sign in to Threshold</h1>
      <ErrorSummary title="You are not signed in" message={error} />
      <form onSubmit={(e) => void submit(e)}>
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
