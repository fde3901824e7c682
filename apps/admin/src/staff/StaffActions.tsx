import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@threshold/api';
import { Button } from '@threshold/ui';
import type { StaffRole } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { RoleChoices } from './RoleChoices.tsx';

type Person = RouterOutputs['accounts']['list']['staff'][number];

type Open = 'roles' | 'deactivate' | 'reset' | null;

/** One account's actions: change roles, deactivate or reactivate, reset two-factor — each confirmed first. */
export function StaffActions({ siteId, person, isMe }: { siteId: string; person: Person; isMe: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [roles, setRoles] = useState<StaffRole[]>(person.roles);
  const done = {
    onSuccess: () => {
      setOpen(null);
      void queryClient.invalidateQueries({ queryKey: trpc.accounts.list.queryKey() });
    },
  };
  const setRolesMutation = useMutation(trpc.accounts.setRoles.mutationOptions(done));
  const deactivate = useMutation(trpc.staff.deactivate.mutationOptions(done));
  const reactivate = useMutation(trpc.accounts.reactivate.mutationOptions(done));
  const reset = useMutation(trpc.accounts.resetTwoFactor.mutationOptions(done));
  const error = setRolesMutation.error ?? deactivate.error ?? reactivate.error ?? reset.error;
  const roleErrors = formErrorsOf(setRolesMutation.error, ['roles']);
  const show = (next: Open) => {
    for (const m of [setRolesMutation, deactivate, reactivate, reset]) m.reset();
    setRoles(person.roles);
    setOpen(next);
  };
  const cancel = (
    <Button variant="link" onClick={() => setOpen(null)}>
      Cancel
    </Button>
  );

  if (open === 'roles') {
    return (
      <form
        className="admin-staff__confirm"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setRolesMutation.mutate({ siteId, staffId: person.id, roles });
        }}
      >
        <RoleChoices
          legend={`Roles of ${person.name} at this site`}
          value={roles}
          onChange={setRoles}
          error={roleErrors.fields.roles ?? roleErrors.message ?? undefined}
          own={isMe ? { held: person.roles } : undefined}
        />
        <Button type="submit" disabled={setRolesMutation.isPending}>
          Save roles
        </Button>
        {cancel}
      </form>
    );
  }
  if (open === 'deactivate') {
    return (
      <div className="admin-staff__confirm">
        <p>
          {person.name} can no longer sign in, and any session they have ends with their next request. Any visitor they
          are escorting raises an alert. This is recorded.
        </p>
        <Button onClick={() => deactivate.mutate({ siteId, staffId: person.id })} disabled={deactivate.isPending}>
          Deactivate {person.name}
        </Button>
        {cancel}
        {deactivate.error ? <p role="alert">{deactivate.error.message}</p> : null}
      </div>
    );
  }
  if (open === 'reset') {
    return (
      <div className="admin-staff__confirm">
        <p>
          For a lost phone. {person.name}’s authenticator and backup codes stop working and their sessions end now. They
          sign in with their password and, where required, set up two-factor sign-in again. This is recorded.
        </p>
        <Button onClick={() => reset.mutate({ siteId, staffId: person.id })} disabled={reset.isPending}>
          Reset two-factor for {person.name}
        </Button>
        {cancel}
        {reset.error ? <p role="alert">{reset.error.message}</p> : null}
      </div>
    );
  }
  return (
    <div className="admin-staff__actions">
      <Button variant="secondary" onClick={() => show('roles')} aria-label={`Change roles of ${person.name}…`}>
        Change roles…
      </Button>
      {person.active && !isMe ? (
        <Button variant="secondary" onClick={() => show('deactivate')} aria-label={`Deactivate ${person.name}…`}>
          Deactivate…
        </Button>
      ) : null}
      {!person.active ? (
        <Button
          variant="secondary"
          onClick={() => reactivate.mutate({ siteId, staffId: person.id })}
          disabled={reactivate.isPending}
          aria-label={`Reactivate ${person.name}`}
        >
          Reactivate
        </Button>
      ) : null}
      {person.twoFactorEnabled && !isMe ? (
        <Button variant="secondary" onClick={() => show('reset')} aria-label={`Reset two-factor for ${person.name}…`}>
          Reset two-factor…
        </Button>
      ) : null}
      {isMe ? <p className="admin-note">You cannot deactivate yourself or reset your own two-factor.</p> : null}
      {error && open === null ? <p role="alert">{error.message}</p> : null}
    </div>
  );
}
