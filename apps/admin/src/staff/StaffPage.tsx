import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import type { StaffRole } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { RoleChoices, roleLabel } from './RoleChoices.tsx';
import { StaffActions } from './StaffActions.tsx';
import './staff.css';

/** Admins: the staff accounts of this site, new accounts, and the organisation's two-factor requirement. */
export function StaffPage({ siteId, myStaffId }: { siteId: string; myStaffId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.accounts.list.queryOptions({ siteId }));
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <p className="admin-note">
        Everyone with a role at this site. Roles apply per site; changes take effect on the person’s next request, and
        every change is recorded in the audit trail.
      </p>
      {list.data ? <RequireTwoFactor siteId={siteId} required={list.data.requireTwoFactor} /> : null}
      <NewAccount siteId={siteId} />
      <h2>Accounts at this site</h2>
      {list.error ? <p role="alert">{list.error.message}</p> : null}
      {list.data?.staff.length === 0 ? <p className="admin-empty">No one holds a role at this site yet.</p> : null}
      {list.data && list.data.staff.length > 0 ? (
        <table className="admin-table admin-staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles here</th>
              <th scope="col">Status</th>
              <th scope="col">Two-factor</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.staff.map((person) => (
              <tr key={person.id}>
                <td>
                  {person.name}
                  {person.id === myStaffId ? ' (you)' : ''}
                </td>
                <td>{person.email}</td>
                <td>{person.roles.map(roleLabel).join(', ')}</td>
                <td>{person.active ? 'Active' : 'Deactivated'}</td>
                <td>{person.twoFactorEnabled ? 'Set up' : 'Not set up'}</td>
                <td>
                  <StaffActions siteId={siteId} person={person} isMe={person.id === myStaffId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function RequireTwoFactor({ siteId, required }: { siteId: string; required: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const set = useMutation(
    trpc.accounts.setRequireTwoFactor.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.accounts.list.queryKey() }),
    }),
  );
  return (
    <div className="admin-panel">
      <h2>Two-factor sign-in</h2>
      <p role="status">
        {required
          ? 'Required: admins and coordinators sign in with a code from an authenticator app as well as their password. Anyone not set up yet is asked to set it up before anything else.'
          : 'Not required. Anyone can still set it up for themselves in My account.'}
      </p>
      <p className="admin-note">This applies to the whole organisation, every site.</p>
      <Button
        variant={required ? 'secondary' : 'primary'}
        onClick={() => set.mutate({ siteId, required: !required })}
        disabled={set.isPending}
      >
        {required ? 'Stop requiring two-factor sign-in' : 'Require two-factor sign-in for admins and coordinators'}
      </Button>
      {set.error ? (
        <p role="alert" className="admin-warning">
          {formErrorsOf(set.error, ['required']).fields.required ?? set.error.message}
        </p>
      ) : null}
    </div>
  );
}

function NewAccount({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const create = useMutation(
    trpc.accounts.create.mutationOptions({
      onSuccess: () => {
        setName('');
        setEmail('');
        setRoles([]);
        void queryClient.invalidateQueries({ queryKey: trpc.accounts.list.queryKey() });
      },
    }),
  );
  const errors = formErrorsOf(create.error, ['name', 'email', 'roles']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ siteId, name, email, roles });
  };
  return (
    <div className="admin-panel">
      <h2>New account</h2>
      <p className="admin-note">
        Threshold makes a first password and shows it to you once. Give it to the person privately; they can change it
        in My account.
      </p>
      <form onSubmit={submit} noValidate className="admin-staff__new">
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <TextField
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <RoleChoices legend="Roles at this site" value={roles} onChange={setRoles} error={errors.fields.roles} />
        <Button type="submit" disabled={create.isPending}>
          Create account
        </Button>
        {errors.message ? <p role="alert">{errors.message}</p> : null}
      </form>
      {create.data ? (
        <div className="admin-staff__created" role="status">
          <p>
            Account created for <strong>{create.data.email}</strong>. Their first password, shown only now:
          </p>
          <p>
            <code className="admin-staff__password" data-testid="initial-password">
              {create.data.password}
            </code>
          </p>
          <p>They choose their own password when they first sign in.</p>
        </div>
      ) : null}
    </div>
  );
}
