import { Button } from '@threshold/ui';
import { authClient } from '../auth-client.ts';
import { TwoFactorEnrolment } from './TwoFactorEnrolment.tsx';

/** Before anything else works: the organisation requires admins and coordinators to use two-factor sign-in. */
export function EnrolmentRequiredPage({
  onEnrolled,
  onSignedOut,
}: {
  onEnrolled: () => void;
  onSignedOut: () => void;
}) {
  const signOut = async () => {
    await authClient.signOut();
    onSignedOut();
  };
  return (
    <main className="admin-login admin-login--wide">
      <p className="admin-notice" role="status">
        Your organisation requires two-factor sign-in for admins and coordinators. Set it up now to carry on: it takes
        about two minutes.
      </p>
      <TwoFactorEnrolment headingLevel={1} onDone={onEnrolled} />
      <p>
        <Button variant="link" onClick={() => void signOut()}>
          Sign out and do this later
        </Button>
      </p>
    </main>
  );
}
