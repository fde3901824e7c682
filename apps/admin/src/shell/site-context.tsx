import type { RouterOutputs } from '@threshold/api';
import { createContext, useContext } from 'react';

export type Me = RouterOutputs['staff']['me'];

/** The signed-in member of staff, for every route (the shell loads it before the router starts). */
export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in shell');
  return me;
}

export interface SiteScope {
  siteId: string;
  siteName: string;
  timeZone: string;
  /** The roles the signed-in person holds at this site. */
  roles: string[];
}

/** The sites someone holds a role at, in the order of their roles, each once. */
export function sitesOf(me: Me): SiteScope[] {
  const bySite = new Map<string, SiteScope>();
  for (const r of me.roles) {
    const site = bySite.get(r.siteId) ?? {
      siteId: r.siteId,
      siteName: r.siteName,
      timeZone: r.siteTimezone,
      roles: [],
    };
    site.roles.push(r.role);
    bySite.set(r.siteId, site);
  }
  return [...bySite.values()];
}

export const SiteContext = createContext<SiteScope | null>(null);

/** The site in the URL, with the person's roles there; only inside `/sites/$siteId`. */
export function useSite(): SiteScope {
  const site = useContext(SiteContext);
  if (!site) throw new Error('useSite outside a site route');
  return site;
}
