import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen, type ScreenProps } from '../Screen.tsx';
import { SignatureField } from '../SignatureField.tsx';
import { SignatureReferenceForm } from './SignatureReferenceForm.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  form: { id: string; sha256: string; title: string };
  /** The visitor's name from the first step: an earlier signature is accepted only under the same name. */
  fullName: string;
  /** The site accepts a signature from an earlier visit (signature reference). */
  allowReference: boolean;
  onReference: (reference: string) => void;
  typedName: string;
  signature: string | null;
  onChange: (change: { typedName?: string; signature?: string | null }) => void;
  onContinue: () => void;
}

export function SignScreen({
  form,
  fullName,
  allowReference,
  onReference,
  typedName,
  signature,
  onChange,
  onContinue,
  ...screen
}: Props) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<{ signature?: string; typedName?: string }>({});
  const [usingReference, setUsingReference] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      ...(signature ? {} : { signature: t('sign.errors.signature') }),
      ...(typedName.trim() ? {} : { typedName: t('sign.errors.typedName') }),
    };
    setErrors(next);
    if (Object.keys(next).length === 0) onContinue();
  };
  return (
    <Screen title={t('sign.title')} {...screen}>
      <p className="kiosk-why">{t('sign.intro', { title: form.title })}</p>
      {usingReference ? (
        <SignatureReferenceForm
          form={form}
          fullName={fullName}
          onAccepted={onReference}
          onUsePad={() => setUsingReference(false)}
        />
      ) : (
        <form onSubmit={submit} noValidate>
          <SignatureField
            value={signature}
            onChange={(s) => {
              if (s) setErrors((e) => ({ ...e, signature: undefined }));
              onChange({ signature: s });
            }}
            error={errors.signature}
          />
          <TextField
            label={t('sign.typedName')}
            hint={t('sign.typedNameHint')}
            autoComplete="off"
            value={typedName}
            onChange={(e) => onChange({ typedName: e.target.value })}
            error={errors.typedName}
          />
          <div className={allowReference ? 'kiosk-actions kiosk-actions--split' : 'kiosk-actions'}>
            {allowReference ? (
              <Button variant="secondary" onClick={() => setUsingReference(true)}>
                {t('sign.useReference')}
              </Button>
            ) : null}
            <Button type="submit" size="large">
              {t('sign.submit')}
            </Button>
          </div>
        </form>
      )}
    </Screen>
  );
}
