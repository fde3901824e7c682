import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';

/** Picks an escort for a visitor. Ineligible escorts are listed with the reason, and cannot be chosen. */
export function AssignEscort({
  siteId,
  visitId,
  currentStaffId,
}: {
  siteId: string;
  visitId: string;
  currentStaffId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const escorts = useQuery(trpc.escorts.list.queryOptions({ siteId }, { enabled: open }));
  const assign = useMutation(
    trpc.escorts.assign.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.visits.onSite.queryKey() });
      },
    }),
  );
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {currentStaffId ? 'Reassign' : 'Assign escort'}
      </Button>
    );
  }
  return (
    <div className="admin-assign">
      {escorts.data?.length === 0 ? <p>No one holds the escort role at this site.</p> : null}
      <ul>
        {escorts.data?.map((e) => (
          <li key={e.staffId}>
            <Button
              variant={e.eligible ? 'primary' : 'secondary'}
              disabled={!e.eligible || e.staffId === currentStaffId || assign.isPending}
              onClick={() => assign.mutate({ siteId, visitId, staffId: e.staffId })}
            >
              {e.name}
            </Button>
            {e.eligible ? null : <span className="admin-reason"> {e.reasons.map((r) => r.text).join(' ')}</span>}
          </li>
        ))}
      </ul>
      {assign.error ? <p role="alert">{assign.error.message}</p> : null}
      <Button variant="link" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </div>
  );
}
