import { Link, useRouterState } from '@tanstack/react-router';
import { canSee } from '@threshold/validators';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { FailedEmailCount } from '../outbox/OutboxBanner.tsx';
import { sectionOfPath, sections } from './sections.ts';
import type { SiteScope } from './site-context.tsx';

/**
 * The sections this person sees at this site: a side bar on a desk screen; on a phone one "Menu" button that
 * opens the list (a disclosure: the button says whether it is open and which section is current).
 */
export function Nav({ site }: { site: SiteScope }) {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [open, setOpen] = useState(false);
  const listId = useId();
  // A chosen section closes the phone menu, so the page it opened is what shows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each change of place
  useEffect(() => setOpen(false), [pathname]);
  const visible = sections.filter((s) => canSee(s.id, site.roles));
  const current = sectionOfPath(pathname);
  const toggle = useRef<HTMLButtonElement>(null);
  // Escape closes an open phone menu and puts focus back on its button, as a disclosure should.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <nav className="admin-nav" aria-label="Sections" onKeyDown={onKeyDown}>
      <button
        ref={toggle}
        type="button"
        className="admin-nav__toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
      >
        Menu{current ? <span className="admin-nav__current">: {current.label}</span> : null}
      </button>
      <ul id={listId} className="admin-nav__list" data-open={open}>
        {visible.map((s) => (
          <li key={s.id}>
            <Link
              to={`/sites/$siteId/${s.path}`}
              params={{ siteId: site.siteId }}
              className="admin-nav__link"
              activeProps={{ 'aria-current': 'page' }}
            >
              {s.label}
              {s.id === 'outbox' ? <FailedEmailCount siteId={site.siteId} roles={site.roles} /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
