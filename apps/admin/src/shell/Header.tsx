import { useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { authClient } from '../auth-client.ts';
import type { SiteScope } from './site-context.tsx';
import { useMe } from './site-context.tsx';

/** The brand, the site (a picker for someone at several), who is signed in, and Sign out. */
export function Header(props: { sites: SiteScope[]; siteId: string | null; onChooseSite: (siteId: string) => void }) {
  const me = useMe();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await authClient.signOut();
    queryClient.clear();
    // Asking who is signed in is now refused, which is what turns the session gate to sign-in.
    await queryClient.fetchQuery(trpc.staff.me.queryOptions(undefined, { retry: false })).catch(() => undefined);
  };
  const here = props.sites.find((s) => s.siteId === props.siteId);
  return (
    <header className="admin-header">
      <p className="admin-brand">Threshold</p>
      {props.sites.length > 1 ? (
        <label className="admin-site-picker">
          Site{' '}
          <select value={props.siteId ?? ''} onChange={(e) => props.onChooseSite(e.target.value)}>
            {props.siteId && !here ? <option value={props.siteId}>—</option> : null}
            {props.sites.map((s) => (
              <option key={s.siteId} value={s.siteId}>
                {s.siteName}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="admin-site">{props.sites[0]?.siteName}</p>
      )}
      <p className="admin-user">{me.name}</p>
      <Button variant="secondary" onClick={() => void signOut()}>
        Sign out
      </Button>
    </header>
  );
}
