import { Button } from '@threshold/ui';
import type { ReactNode } from 'react';
import { authClient } from '../auth-client.ts';

/**
 * A step that must be done before anything else works (a new password, two-factor enrolment): the step itself, with a
 * way out that signs the person out rather than letting them past it.
 */
export function RequiredStepPage({ children, onSignedOut }: { children: ReactNode; onSignedOut: () => void }) {
  const signOut = async () => {
    await authClient.signOut();
    onSignedOut();
  };
  return (
    <main className="admin-login admin-login--wide">
      {children}
      <p>
        <Button variant="link" onClick={() => void signOut()}>
          Sign out and do this later
        </Button>
      </p>
    </main>
  );
}
