import { useMutation } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api.ts';
import { refusalText } from '../journey/field-error-text.ts';

interface Props {
  form: { id: string; sha256: string };
  fullName: string;
  onAccepted: (reference: string) => void;
  onUsePad: () => void;
}

/** Offers a signature given on an earlier visit (same form version, within the site's window) instead of signing. */
export function SignatureReferenceForm({ form, fullName, onAccepted, onUsePad }: Props) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [reference, setReference] = useState('');
  const [refused, setRefused] = useState<string | null>(null);
  const check = useMutation(
    trpc.kiosk.checkSignatureReference.mutationOptions({
      onSuccess: ({ accepted }) => (accepted ? onAccepted(reference) : setRefused(t('sign.referenceRefused'))),
      onError: (error) => setRefused(refusalText(i18n.language, error.message, t('sign.referenceRefused'))),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRefused(null);
    check.mutate({ documentId: form.id, documentSha256: form.sha256, reference, fullName });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label={t('sign.referenceLabel')}
        hint={t('sign.referenceHint')}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        value={reference}
        onChange={(e) => setReference(e.target.value)}
        error={refused ?? undefined}
        className="kiosk-code-field"
      />
      <div className="kiosk-actions kiosk-actions--split">
        <Button variant="secondary" onClick={onUsePad}>
          {t('sign.usePad')}
        </Button>
        <Button type="submit" size="large" disabled={check.isPending}>
          {t('sign.referenceSubmit')}
        </Button>
      </div>
    </form>
  );
}
