import { useMutation } from '@tanstack/react-query';
import { Button, ChoiceList, ErrorSummary, TextField } from '@threshold/ui';
import type { VisitorCategory } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, isNetworkError, useTRPC } from '../api.ts';
import { Screen } from '../Screen.tsx';

export interface VisitorDetails {
  fullName: string;
  organisation: string;
  category: VisitorCategory | null;
}

export interface SignedInVisit {
  visitCode: string;
  fullName: string;
}

interface Props {
  journeyKey: string;
  categories: readonly VisitorCategory[];
  details: VisitorDetails;
  onChange: (details: VisitorDetails) => void;
  onSignedIn: (visit: SignedInVisit) => void;
  onBack: () => void;
}

export function DetailsScreen({ journeyKey, categories, details, onChange, onSignedIn, onBack }: Props) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const signIn = useMutation(
    trpc.visits.signIn.mutationOptions({
      // The same journey key is sent on every retry, so the server records this visit exactly once.
      retry: (count, error) => isNetworkError(error) && count < 6,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      onSuccess: (receipt) => onSignedIn({ visitCode: receipt.visitCode, fullName: details.fullName }),
    }),
  );
  const errors = { ...fieldErrorsOf(signIn.error), ...localErrors };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Required answers are checked here so the message is in the visitor's language; the server checks everything.
    const missing: Record<string, string> = {};
    if (!details.fullName.trim()) missing.fullName = t('details.errors.fullName');
    if (!details.organisation.trim()) missing.organisation = t('details.errors.organisation');
    if (!details.category) missing.category = t('details.errors.category');
    setLocalErrors(missing);
    if (!details.category || Object.keys(missing).length > 0) return;
    signIn.mutate({
      idempotencyKey: journeyKey,
      fullName: details.fullName,
      organisation: details.organisation,
      category: details.category,
    });
  };
  const generalError =
    signIn.error && Object.keys(errors).length === 0
      ? isNetworkError(signIn.error)
        ? t('details.failed')
        : signIn.error.message
      : null;
  return (
    <Screen title={t('details.title')} step={{ step: 1, total: 2 }} onBack={onBack} onStartAgain={onBack}>
      <p>{t('details.intro')}</p>
      <ErrorSummary title={t('details.problem')} message={generalError} />
      {signIn.isPending && signIn.failureCount > 0 ? (
        <p className="kiosk-notice" role="status">
          {t('details.retrying')}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('details.fullName')}
          autoComplete="off"
          value={details.fullName}
          onChange={(e) => onChange({ ...details, fullName: e.target.value })}
          error={errors.fullName}
        />
        <TextField
          label={t('details.organisation')}
          hint={t('details.organisationHint')}
          autoComplete="off"
          value={details.organisation}
          onChange={(e) => onChange({ ...details, organisation: e.target.value })}
          error={errors.organisation}
        />
        <ChoiceList
          legend={t('details.category')}
          name="category"
          choices={categories.map((value) => ({ value, label: t(`category.${value}`) }))}
          value={details.category}
          onChange={(category) => onChange({ ...details, category })}
          error={errors.category}
        />
        <div className="kiosk-actions">
          <Button type="submit" size="large" disabled={signIn.isPending}>
            {signIn.isPending ? t('details.saving') : t('details.submit')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
