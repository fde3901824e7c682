import { Button } from '@threshold/ui';
import { authClient } from '../auth-client.ts';
import { ChangePassword } from './MySignIn.tsx';

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
  const signOut = async () => {
    await authClient.signOut();
    onSignedOut();
  };
  return (
    <main className="admin-login admin-login--wide">
      <h1>Choose your own password</h1>
      <p className="admin-notice" role="status">
        You signed in with a password you were given. Choose a new one that only you know before carrying on.
      </p>
      <ChangePassword onChanged={onChanged} />
      <p>
        <Button variant="link" onClick={() => void signOut()}>
          Sign out and do this later
        </Button>
      </p>
    </main>
  );
}
