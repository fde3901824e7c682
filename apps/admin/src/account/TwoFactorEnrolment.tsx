import { Button, TextField } from '@threshold/ui';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { authClient } from '../auth-client.ts';
import { codeErrorMessage, normaliseCode, SIX_DIGITS } from './two-factor-codes.ts';
import './two-factor.css';
import { TotpCodeField } from './TotpCodeField.tsx';

type Step =
  | { kind: 'password' }
  | { kind: 'scan'; uri: string; backupCodes: string[] }
  | { kind: 'codes'; codes: string[] };

/** The base32 key inside an otpauth:// URI, in groups of four for typing into an app by hand. */
function keyOf(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret') ?? '';
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * Setting up two-factor sign-in with better-auth: confirm the password, add the key to an authenticator app (QR
 * code, or the key as text), prove it with a first code, then see the backup codes — once. `headingLevel` fits
 * the page it sits in.
 */
export function TwoFactorEnrolment({ onDone, headingLevel }: { onDone: () => void; headingLevel: 1 | 2 }) {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  if (step.kind === 'password') {
    return (
      <PasswordConfirm
        heading={<Heading>Set up two-factor sign-in</Heading>}
        onEnabled={(uri, backupCodes) => setStep({ kind: 'scan', uri, backupCodes })}
      />
    );
  }
  if (step.kind === 'scan') {
    return (
      <ScanAndVerify
        heading={<Heading>Add Threshold to your authenticator app</Heading>}
        uri={step.uri}
        onVerified={() => setStep({ kind: 'codes', codes: step.backupCodes })}
      />
    );
  }
  return (
    <section aria-labelledby="backup-codes-title" className="admin-two-factor">
      <Heading id="backup-codes-title">Save your backup codes</Heading>
      <p role="status">Two-factor sign-in is set up. From now on you sign in with your password and a code.</p>
      <p>
        If you lose your phone, each of these codes lets you sign in once. Print them or write them down and keep them
        somewhere safe. <strong>They are shown only now.</strong>
      </p>
      <ul className="admin-backup-codes" aria-label="Backup codes">
        {step.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <Button onClick={onDone}>I have saved them — continue</Button>
    </section>
  );
}

function PasswordConfirm({
  heading,
  onEnabled,
}: {
  heading: ReactNode;
  onEnabled: (uri: string, backupCodes: string[]) => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const result = await authClient.twoFactor.enable({ password, method: 'totp' });
    setBusy(false);
    if (result.error || result.data.method !== 'totp') {
      setError(
        result.error?.status === 400
          ? 'That password is not right. Type the password you signed in with.'
          : 'Two-factor sign-in could not be set up just now. Try again.',
      );
      return;
    }
    onEnabled(result.data.totpURI, result.data.backupCodes);
  };
  return (
    <section className="admin-two-factor">
      {heading}
      <p>
        You will need an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator, 2FAS or
        Aegis. First, confirm it is you.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error ?? undefined}
        />
        <Button type="submit" disabled={busy || password === ''}>
          {busy ? 'Checking…' : 'Continue'}
        </Button>
      </form>
    </section>
  );
}

function ScanAndVerify({ heading, uri, onVerified }: { heading: ReactNode; uri: string; onVerified: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let current = true;
    void import('qrcode').then((qrcode) =>
      qrcode.toDataURL(uri, { margin: 1, errorCorrectionLevel: 'M', width: 220 }).then((url) => {
        if (current) setQr(url);
      }),
    );
    return () => {
      current = false;
    };
  }, [uri]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = normaliseCode('totp', code);
    if (!SIX_DIGITS.test(typed)) {
      setError('Enter the 6 digits your authenticator app shows, without spaces or letters.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await authClient.twoFactor.verifyTotp({ code: typed });
    setBusy(false);
    if (result.error) setError(codeErrorMessage('totp', result.error).message);
    else onVerified();
  };
  return (
    <section className="admin-two-factor">
      {heading}
      <ol className="admin-two-factor__steps">
        <li>In your authenticator app, choose to add an account and scan this QR code.</li>
        <li>Then type the 6-digit code the app shows for Threshold.</li>
      </ol>
      <div className="admin-two-factor__qr">
        {qr ? <img src={qr} alt="QR code to add Threshold to an authenticator app" width={220} height={220} /> : null}
      </div>
      <p>
        Cannot scan? Choose to enter a key in the app and type this one:{' '}
        <code className="admin-two-factor__key" data-testid="totp-key">
          {keyOf(uri)}
        </code>
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TotpCodeField value={code} onChange={setCode} error={error} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Turn on two-factor sign-in'}
        </Button>
      </form>
    </section>
  );
}
