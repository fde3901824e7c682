import { useTranslation } from 'react-i18next';
import { Screen } from '../Screen.tsx';
import { CategoryScreen } from '../screens/CategoryScreen.tsx';
import { DocumentScreen } from '../screens/DocumentScreen.tsx';
import { NoPhotoScreen } from '../screens/NoPhotoScreen.tsx';
import { QuestionScreen } from '../screens/QuestionScreen.tsx';
import { SignScreen } from '../screens/SignScreen.tsx';
import type { JourneyAnswers, JourneyDocuments, KioskStatus, SignInStep } from './types.ts';

interface Props {
  step: SignInStep;
  position: { step: number; total: number };
  status: KioskStatus;
  documents: JourneyDocuments | undefined;
  documentsFailed: boolean;
  answers: JourneyAnswers;
  update: (change: Partial<JourneyAnswers>) => void;
  onContinue: () => void;
  onBack: () => void;
  onStartAgain: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The screen for one sign-in question, wired to the journey's answers. */
export function SignInStepScreen({
  step,
  position,
  status,
  documents,
  documentsFailed,
  answers,
  update,
  ...nav
}: Props) {
  const { t } = useTranslation();
  const frame = { step: position, showLanguages: true, onBack: nav.onBack, onStartAgain: nav.onStartAgain };
  const required = (message: string) => (v: string) => (v.trim() ? null : message);

  switch (step) {
    case 'name':
      return (
        <QuestionScreen
          {...frame}
          question={t('details.fullName')}
          why={t('details.fullNameWhy')}
          value={answers.fullName}
          onChange={(fullName) => update({ fullName })}
          validate={required(t('details.errors.fullName'))}
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
          validate={required(t('details.errors.organisation'))}
          onContinue={nav.onContinue}
        />
      );
    case 'category':
      return (
        <CategoryScreen
          {...frame}
          categories={status.categories}
          value={answers.category}
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
          validate={required(t('details.errors.purpose'))}
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
          validate={required(t('details.errors.host'))}
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
          validate={(v) => (!v.trim() || EMAIL.test(v.trim()) ? null : t('details.errors.email'))}
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
