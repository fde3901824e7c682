import { useMutation } from '@tanstack/react-query';
import { Button, TextField } from '@threshold/ui';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { formatDateTime } from '../time.ts';
import { SubjectErase, SubjectExport } from './SubjectActions.tsx';
import { type FoundDenyList, SubjectDenyList } from './SubjectDenyList.tsx';
import { type FoundVisit, SubjectVisits } from './SubjectVisits.tsx';
import './subject-access.css';

/**
 * Subject access: find everything held about one person (by name or email, at every site you coordinate), tick the
 * visits that are really theirs, then export a copy or erase them. Each step is recorded in the audit trail.
 */
export function SubjectAccessPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [found, setFound] = useState<readonly FoundVisit[] | null>(null);
  const [denyList, setDenyList] = useState<FoundDenyList | null>(null);
  const find = useMutation(
    trpc.subjectAccess.find.mutationOptions({
      onSuccess: (result) => {
        setFound(result.visits);
        setDenyList(result.denyList);
        setChosen(new Set());
      },
    }),
  );
  const errors = formErrorsOf(find.error, ['name', 'email']);
  const search = (e?: FormEvent) => {
    e?.preventDefault();
    find.mutate({ siteId, ...(name.trim() ? { name } : {}), ...(email.trim() ? { email } : {}) });
  };
  const toggle = (visitId: string, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old);
      if (on) next.add(visitId);
      else next.delete(visitId);
      return next;
    });
  const describe = (visitId: string) => {
    const v = found?.find((x) => x.id === visitId);
    return v ? `${v.visitorName} (${formatDateTime(v.signedInAt, v.siteTimeZone)})` : 'A visit';
  };
  const visitIds = [...chosen];
  return (
    <section className="subject-access" aria-labelledby="subject-access-title">
      <h1 id="subject-access-title">Subject access</h1>
      <p className="admin-note">
        Find what is held about a person who asks for a copy or for erasure. Searches cover every site where you are a
        coordinator; the search is recorded, without the name or email you typed.
      </p>
      <form className="subject-search" onSubmit={search} noValidate>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <TextField
          label="Email address"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <Button type="submit" disabled={find.isPending}>
          Find records
        </Button>
      </form>
      {errors.message ? (
        <p role="alert" className="admin-warning">
          {errors.message}
        </p>
      ) : null}
      {found?.length === 0 ? <p className="admin-empty">No visit matches that name or email.</p> : null}
      {found && found.length > 0 ? (
        <>
          <p>
            {found.length} {found.length === 1 ? 'visit' : 'visits'} found
            {find.data?.limited ? ' (the most one search shows: type a fuller name or the email)' : ''}. Tick the visits
            that are really this person; only ticked visits are exported or erased.
          </p>
          <SubjectVisits visits={found} chosen={chosen} onToggle={toggle} />
          <p role="status">{visitIds.length} ticked.</p>
          <div className="subject-actions">
            <SubjectExport siteId={siteId} visitIds={visitIds} />
            <SubjectErase siteId={siteId} visitIds={visitIds} describe={describe} onErased={() => search()} />
          </div>
        </>
      ) : null}
      {denyList ? <SubjectDenyList denyList={denyList} /> : null}
    </section>
  );
}
