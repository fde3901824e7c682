import { RequiredStepPage } from './RequiredStepPage.tsx';
import { TwoFactorEnrolment } from './TwoFactorEnrolment.tsx';

/** Before anything else works: the organisation requires admins and coordinators to use two-factor sign-in. */
export function EnrolmentRequiredPage({
  onEnrolled,
  onSignedOut,
}: {
  onEnrolled: () => void;
  onSignedOut: () => void;
}) {
  return (
    <RequiredStepPage onSignedOut={onSignedOut}>
      <p className="admin-notice" role="status">
        Your organisation requires two-factor sign-in for admins and coordinators. Set it up now to carry on: it takes
        about two minutes.
      </p>
      <TwoFactorEnrolment headingLevel={1} onDone={onEnrolled} />
    </RequiredStepPage>
  );
}
