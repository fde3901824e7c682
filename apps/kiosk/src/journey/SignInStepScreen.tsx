import type { FieldError } from '@threshold/validators';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../Screen.tsx';
import { CategoryScreen } from '../screens/CategoryScreen.tsx';
import { DocumentScreen } from '../screens/DocumentScreen.tsx';
import { NoPhotoScreen } from '../screens/NoPhotoScreen.tsx';
import { QuestionScreen } from '../screens/QuestionScreen.tsx';
import { SignScreen } from '../screens/SignScreen.tsx';
import { fieldErrorText } from './field-error-text.ts';
import { type AnswerField, checkAnswer } from './step-rules.ts';
import type { JourneyAnswers, JourneyDocuments, KioskStatus, SignInStep } from './types.ts';

interface Props {
  step: SignInStep;
  position: { step: number; total: number };
  status: KioskStatus;
  documents: JourneyDocuments | undefined;
  documentsFailed: boolean;
  answers: JourneyAnswers;
  update: (change: Partial<JourneyAnswers>) => void;
  /** What the server refused on this step, shown beside its field until the visitor's own answer is checked. */
  errors: readonly FieldError[];
  onContinue: () => void;
  onBack: () => void;
  onStartAgain: () => void;
}

/**
 * The screen for one sign-in question, wired to the journey's answers. Each answer is checked with the server's own
 * schema when the visitor presses Continue, and every error is kept by its key, so it is shown in the language on
 * screen now (the visitor may switch).
 */
export function SignInStepScreen({
  step,
  position,
  status,
  documents,
  documentsFailed,
  answers,
  update,
  errors,
  ...nav
}: Props) {
  const { t, i18n } = useTranslation();
  const frame = { step: position, showLanguages: true, onBack: nav.onBack, onStartAgain: nav.onStartAgain };
  // undefined: not checked here yet, so the server's error (if any) stands.
  const [checked, setChecked] = useState<FieldError | null | undefined>(undefined);
  const say = (error: FieldError | null | undefined) => (error ? fieldErrorText(t, i18n.language, error) : null);
  const question = (field: AnswerField) => ({
    error: say(checked === undefined ? errors.find((e) => e.path === field) : checked),
    validate: async (value: string) => {
      const found = await checkAnswer(field, value);
      setChecked(found);
      return say(found);
    },
  });

  switch (step) {
    case 'name':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.fullName')}
          why={t('details.fullNameWhy')}
          value={answers.fullName}
          onChange={(fullName) => update({ fullName })}
          {...question('fullName')}
          onContinue={nav.onContinue}
        />
      );
    case 'organisation':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.organisation')}
          hint={t('details.organisationHint')}
          value={answers.organisation}
          onChange={(organisation) => update({ organisation })}
          {...question('organisation')}
          onContinue={nav.onContinue}
        />
      );
    case 'category':
      return (
        <CategoryScreen
          {...frame}
          categories={status.categories}
          value={answers.category}
          error={say(errors.find((e) => e.path === 'category'))}
          onChange={(category) => update({ category })}
          onContinue={nav.onContinue}
        />
      );
    case 'purpose':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.purpose')}
          hint={t('details.purposeHint')}
          value={answers.purpose}
          onChange={(purpose) => update({ purpose })}
          {...question('purpose')}
          onContinue={nav.onContinue}
        />
      );
    case 'host':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.host')}
          hint={t('details.hostHint')}
          value={answers.hostName}
          onChange={(hostName) => update({ hostName })}
          {...question('hostName')}
          onContinue={nav.onContinue}
        />
      );
    case 'email':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.email')}
          why={t('details.emailWhy')}
          hint={t('details.emailHint')}
          input={{ type: 'email', inputMode: 'email', autoCapitalize: 'none' }}
          value={answers.email}
          onChange={(email) => update({ email })}
          {...question('email')}
          onContinue={nav.onContinue}
        />
      );
    default:
      if (!documents) {
        return (
          <Screen title={t('documents.loading')} {...frame}>
            <p role={documentsFailed ? 'alert' : 'status'}>
              {documentsFailed ? t('documents.failed') : t('documents.loading')}
            </p>
          </Screen>
        );
      }
      return documentStep(step, documents);
  }

  function documentStep(current: SignInStep, docs: JourneyDocuments) {
    switch (current) {
      case 'form':
        return (
          <DocumentScreen
            key={docs.form.id}
            {...frame}
            title={docs.form.title}
            intro={t('form.intro')}
            documents={[docs.form]}
            confirmLabel={t('form.confirm')}
            onConfirm={nav.onContinue}
          />
        );
      case 'sign':
        return (
          <SignScreen
            {...frame}
            form={docs.form}
            fullName={answers.fullName}
            allowReference={status.signatureValidMonths > 0}
            onReference={(signatureReference) => {
              update({ signatureReference, signature: null });
              nav.onContinue();
            }}
            typedName={answers.typedName || answers.fullName}
            signature={answers.signature}
            serverErrors={{
              signature: say(errors.find((e) => e.path === 'signature' || e.path.startsWith('signature.imagePng'))),
              typedName: say(errors.find((e) => e.path === 'signature.typedName')),
            }}
            checkTypedName={async (value) => say(await checkAnswer('signature.typedName', value))}
            onChange={(change) => update(change)}
            onContinue={() => {
              update({ signatureReference: null, ...(answers.typedName ? {} : { typedName: answers.fullName }) });
              nav.onContinue();
            }}
          />
        );
      case 'policies':
        return (
          <DocumentScreen
            key={docs.confidentialityPolicy.id + docs.disclosurePolicy.id}
            {...frame}
            title={t('policies.title')}
            intro={t('policies.intro')}
            documents={[docs.confidentialityPolicy, docs.disclosurePolicy]}
            confirmLabel={t('policies.confirm')}
            onConfirm={nav.onContinue}
          />
        );
      default:
        return (
          <NoPhotoScreen
            {...frame}
            statement={docs.noPhotography}
            accepted={answers.noPhotographyAccepted}
            onChange={(noPhotographyAccepted) => update({ noPhotographyAccepted })}
            onContinue={nav.onContinue}
          />
        );
    }
  }
}
