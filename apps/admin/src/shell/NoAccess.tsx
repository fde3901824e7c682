import { Link } from '@tanstack/react-router';

/**
 * What an unknown address, a section someone's roles do not include, or a site they hold no role at shows. The
 * same words for all three: saying which one it is would tell a stranger which sites and sections exist.
 */
export function NoAccess() {
  return (
    <section aria-labelledby="no-access-title" className="admin-no-access">
      <h1 id="no-access-title">Page not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </section>
  );
}
