import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { canDo, canSee } from '@threshold/validators';
import { useTRPC } from '../api.ts';
import './outbox.css';

// No live event for the outbox: a failure found by the sender shows within a minute.
const REFRESH_MS = 60_000;

/** How many of the site's emails could not be sent, for those who can open the Outbox (admins, coordinators). */
export function useFailedEmails(siteId: string, roles: readonly string[]): number {
  const trpc = useTRPC();
  const responsible = canSee('outbox', roles);
  const summary = useQuery({
    ...trpc.outbox.summary.queryOptions({ siteId }, { refetchInterval: REFRESH_MS }),
    enabled: responsible,
  });
  return responsible ? (summary.data?.failed ?? 0) : 0;
}

/** The count on the Outbox tab. */
export function FailedEmailCount(props: { siteId: string; roles: readonly string[] }) {
  const failed = useFailedEmails(props.siteId, props.roles);
  if (failed === 0) return null;
  return (
    <span className="admin-count outbox-count">
      {failed}
      <span className="th-visually-hidden"> could not be sent</span>
    </span>
  );
}

export const emailsCount = (n: number) => (n === 1 ? '1 email' : `${n} emails`);

/**
 * Above every page while emails could not be sent (a visitor's signed copy, an alert to staff): the sender has given
 * up on them, so nothing will happen until someone sends them again. `onOpen` is left out on the Outbox itself.
 */
export function OutboxBanner(props: { siteId: string; roles: readonly string[]; onOpen?: () => void }) {
  const failed = useFailedEmails(props.siteId, props.roles);
  if (failed === 0) return null;
  const canResend = canDo('resendEmail', props.roles);
  const them = failed === 1 ? 'it' : 'them';
  return (
    <section className="outbox-banner" aria-labelledby="outbox-banner-title">
      <h2 id="outbox-banner-title">
        {emailsCount(failed)} could not be sent —{' '}
        {canResend ? `open the Outbox to send ${them} again` : `an admin can send ${them} again from the Outbox`}
      </h2>
      <p>
        Threshold has stopped trying: {failed === 1 ? 'it stays' : 'they stay'} unsent until someone sends {them} again.
      </p>
      {props.onOpen ? (
        <Button variant="secondary" onClick={props.onOpen}>
          Open the Outbox
        </Button>
      ) : null}
    </section>
  );
}
