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
  /** What the server refused here (already translated), shown beside its field until the visitor signs again. */
  serverErrors?: { signature?: string | null; typedName?: string | null };
  /** The typed name checked with the server's own rule: an error message (translated) or null. */
  checkTypedName: (value: string) => Promise<string | null>;
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
  serverErrors,
  checkTypedName,
  onChange,
  onContinue,
  ...screen
}: Props) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<{ signature?: string; typedName?: string }>({
    ...(serverErrors?.signature ? { signature: serverErrors.signature } : {}),
    ...(serverErrors?.typedName ? { typedName: serverErrors.typedName } : {}),
  });
  const [usingReference, setUsingReference] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const typedNameProblem = await checkTypedName(typedName);
    // A signature the server could not read is signed again, even if the pad still shows it.
    const signatureProblem = signature && !errors.signature ? null : (errors.signature ?? t('sign.errors.signature'));
    const next = {
      ...(signatureProblem ? { signature: signatureProblem } : {}),
      ...(typedNameProblem ? { typedName: typedNameProblem } : {}),
    };
    setErrors(next);
    if (Object.keys(next).length === 0) onContinue();
    else if (typedNameProblem) form.querySelector('input')?.focus();
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
        <form onSubmit={(e) => void submit(e)} noValidate>
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
