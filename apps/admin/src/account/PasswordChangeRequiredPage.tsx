import { ChangePassword } from './MySignIn.tsx';
import { RequiredStepPage } from './RequiredStepPage.tsx';

/**
 * Before anything else works: the password this person was given (printed by the server's CLI, or shown to the admin
 * who created the account) is replaced.
 */
export function PasswordChangeRequiredPage({
  onChanged,
  onSignedOut,
}: {
  onChanged: () => void;
  onSignedOut: () => void;
}) {
  return (
    <RequiredStepPage onSignedOut={onSignedOut}>
      <h1>Choose your own password</h1>
      <p className="admin-notice" role="status">
        You signed in with a password you were given. Choose a new one that only you know before carrying on.
      </p>
      <ChangePassword onChanged={onChanged} />
    </RequiredStepPage>
  );
}
