import { Link } from '@tanstack/react-router';
import type { SiteScope } from './site-context.tsx';
import './set-up-next.css';

// The admin's secondary button look (AA contrast on the card), not the browser's default link colour.
const ACTION = 'th-button th-button--secondary admin-set-up__action';

/**
 * The start page of an admin who sees no visits (the first admin of a new organisation): what to set up next, in
 * order, rather than the first section they happen to see (the Outbox).
 */
export function SetUpNext({ site }: { site: SiteScope }) {
  const params = { siteId: site.siteId };
  return (
    <section aria-labelledby="set-up-next-title">
      <h1 id="set-up-next-title">Set up {site.siteName}</h1>
      <p>You are this site’s admin. Three things make it ready for its first visitor:</p>
      <ol className="admin-set-up">
        <li>
          <h2>Check the site settings</h2>
          <p>
            The time zone is {site.timeZone}: visit times, the closing time and reports are read on it. Check it and the
            closing time, and choose what the kiosk asks.
          </p>
          <Link className={ACTION} to="/sites/$siteId/settings" params={params}>
            Open site settings
          </Link>
        </li>
        <li>
          <h2>Give people their roles</h2>
          <p>
            Add the reception, coordinator and escort accounts. Seeing visitors’ names needs a role such as coordinator
            or reception; to give one to yourself, run <code>npm run threshold -- grant-role</code> on the server (the
            coordinators are told).
          </p>
          <Link className={ACTION} to="/sites/$siteId/staff" params={params}>
            Open staff
          </Link>
        </li>
        <li>
          <h2>Pair the reception tablet</h2>
          <p>Open the kiosk address on the tablet and enter a pairing code from here.</p>
          <Link className={ACTION} to="/sites/$siteId/kiosks" params={params}>
            Open kiosks
          </Link>
        </li>
      </ol>
    </section>
  );
}
