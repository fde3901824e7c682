import { type Action, canDo, canSee, type Section } from '@threshold/validators';
import type { ReactNode } from 'react';
import { NoAccess } from './NoAccess.tsx';
import { type SiteScope, useSite } from './site-context.tsx';

/** A section's page for someone whose roles at this site include it; "not found / no access" for anyone else. */
export function Guarded({ section, page }: { section: Section; page: (site: SiteScope) => ReactNode }) {
  const site = useSite();
  return canSee(section, site.roles) ? page(site) : <NoAccess />;
}

export const can = (action: Action, site: SiteScope) => canDo(action, site.roles);
