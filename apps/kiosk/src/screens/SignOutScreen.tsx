import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen, type ScreenProps } from '../Screen.tsx';

const CODE = /^[A-Z0-9]{6}$/;

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  onContinue: (visitCode: string) => void;
}

/** The visit code typed, or typed by a keyboard-wedge scanner reading the badge's QR code (it ends with Enter). */
export function SignOutScreen({ onContinue, ...screen }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const normalised = code.toUpperCase().replace(/[\s-]/g, '');
    if (!CODE.test(normalised)) return setError(t('signOut.errors.code'));
    onContinue(normalised);
  };
  return (
    <Screen title={t('signOut.title')} focusField {...screen}>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('signOut.codeLabel')}
          hint={t('signOut.codeHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error ?? undefined}
          className="kiosk-code-field"
        />
        <div className="kiosk-actions">
          <Button type="submit" size="large">
            {t('app.continue')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
