import { Button, ErrorSummary, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { authClient } from '../auth-client.ts';
import { type EndedNotice, endedNotices } from './session-ended.ts';
import { type CodeKind, codeErrorMessage, normaliseCode, SIX_DIGITS } from './two-factor-codes.ts';
import './two-factor.css';
import { TotpCodeField } from './TotpCodeField.tsx';

/**
 * Sign-in: email and password, then — for anyone enrolled in two-factor sign-in — the 6-digit code from their
 * authenticator app, or one of their backup codes. `ended` says why the previous session ended, when it did.
 */
export function LoginPage({ ended, onSignedIn }: { ended: EndedNotice | null; onSignedIn: () => void }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [restartReason, setRestartReason] = useState<string | null>(null);
  if (step === 'code') {
    return (
      <CodeStep
        onSignedIn={onSignedIn}
        onRestart={(reason) => {
          setRestartReason(reason);
          setStep('password');
        }}
      />
    );
  }
  return (
    <PasswordStep
      notice={restartReason ?? (ended ? endedNotices[ended] : null)}
      onSignedIn={onSignedIn}
      onCodeNeeded={() => {
        setRestartReason(null);
        setStep('code');
      }}
    />
  );
}

function PasswordStep({
  notice,
  onSignedIn,
  onCodeNeeded,
}: {
  notice: string | null;
  onSignedIn: () => void;
  onCodeNeeded: () => void;
}) {
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
      setError(
        // The server's refusal says whose limit it was (this device's) and how long to wait.
        result.error.status === 429
          ? (result.error.message ?? 'Too many attempts. Wait a minute, then try again.')
          : 'That email and password do not match an active account. Check them and try again.',
      );
      return;
    }
    if ('twoFactorRedirect' in result.data && result.data.twoFactorRedirect) onCodeNeeded();
    else onSignedIn();
  };
  return (
    <main className="admin-login">
      <h1>Sign in to Threshold</h1>
      {notice ? (
        <p className="admin-notice" role="status">
          {notice}
        </p>
      ) : null}
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

/** The second step: the password was right and the account is enrolled in two-factor sign-in. */
function CodeStep({ onSignedIn, onRestart }: { onSignedIn: () => void; onRestart: (reason: string) => void }) {
  const [kind, setKind] = useState<CodeKind>('totp');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = normaliseCode(kind, code);
    if (kind === 'totp' && !SIX_DIGITS.test(typed)) {
      setError('Enter the 6 digits your authenticator app shows, without spaces or letters.');
      return;
    }
    if (kind === 'backup' && typed === '') {
      setError('Enter one of your backup codes.');
      return;
    }
    setBusy(true);
    setError(null);
    const result =
      kind === 'totp'
        ? await authClient.twoFactor.verifyTotp({ code: typed })
        : await authClient.twoFactor.verifyBackupCode({ code: typed });
    setBusy(false);
    if (!result.error) {
      onSignedIn();
      return;
    }
    const outcome = codeErrorMessage(kind, result.error);
    if (outcome.restart) onRestart(outcome.message);
    else setError(outcome.message);
  };
  const switchTo = (next: CodeKind) => {
    setKind(next);
    setCode('');
    setError(null);
  };
  return (
    <main className="admin-login">
      <h1>{kind === 'totp' ? 'Enter your sign-in code' : 'Enter a backup code'}</h1>
      <p>
        {kind === 'totp'
          ? 'Open the authenticator app on your phone and type the 6-digit code it shows for Threshold. The code changes every 30 seconds.'
          : 'Use one of the backup codes you saved when you set up two-factor sign-in. Each code works once.'}
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {kind === 'totp' ? (
          <TotpCodeField value={code} onChange={setCode} error={error} />
        ) : (
          <TextField
            label="Backup code"
            hint="10 letters and numbers, like abcde-12345"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            className="admin-code-field"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={error ?? undefined}
          />
        )}
        <Button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Continue'}
        </Button>
      </form>
      <p>
        {kind === 'totp' ? (
          <button type="button" className="admin-link" onClick={() => switchTo('backup')}>
            I do not have my phone: use a backup code
          </button>
        ) : (
          <button type="button" className="admin-link" onClick={() => switchTo('totp')}>
            Use the code from my authenticator app
          </button>
        )}
      </p>
      <p className="admin-note">
        Lost your phone and your backup codes? Ask an admin to reset your two-factor sign-in.
      </p>
    </main>
  );
}
