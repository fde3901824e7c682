import { useQuery } from '@tanstack/react-query';
import type { AppRouter } from '@threshold/api';
import { Button } from '@threshold/ui';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '../api.ts';
import { DocumentEditor } from './DocumentEditor.tsx';
import { DocumentHistory } from './DocumentHistory.tsx';
import { documentKindLabel, formatDay, languageLabel } from './document-labels.ts';
import type { OpenedDocument } from './opened-document.ts';
import './forms-policies.css';

export type SiteDocument = inferRouterOutputs<AppRouter>['documents']['list']['documents'][number];

const reviewLabel: Record<SiteDocument['review'], string> = {
  overdue: 'Review overdue',
  due_soon: 'Review due soon',
  current: 'Up to date',
  missing: 'Not published',
};

/** The forms visitors sign, the policies they receive and the staff policy: what is current, what needs review. */
export function FormsPoliciesPage(props: {
  siteId: string;
  timeZone: string;
  canEdit: boolean;
  /** The editor or history shown below the table (its own address), or none. */
  open: OpenedDocument | null;
  onOpen: (opened: OpenedDocument | null) => void;
}) {
  const { siteId, canEdit, open } = props;
  const setOpen = props.onOpen;
  const trpc = useTRPC();
  const list = useQuery(trpc.documents.list.queryOptions({ siteId }));
  const isOpen = (d: SiteDocument, view: 'edit' | 'history') =>
    open?.view === view && open.slot.kind === d.kind && open.slot.language === d.language;

  return (
    <section aria-labelledby="documents-title" className="documents">
      <h1 id="documents-title">Forms &amp; policies</h1>
      <p className="admin-note">
        Visitors read and sign these at the kiosk, and escorts accept the staff policy. A published version can never be
        changed: to change the text, write and publish a new version. {canEdit ? null : 'Only an admin can do that.'}
      </p>
      {list.error ? <p role="alert">{list.error.message}</p> : null}
      {list.data ? (
        <table className="admin-table documents-table">
          <caption className="th-visually-hidden">Forms and policies at this site, by language</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Language</th>
              <th scope="col">Current version</th>
              <th scope="col">Review by</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="th-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.documents.map((d) => {
              const name = `${documentKindLabel[d.kind]}, ${languageLabel(d.language)}`;
              return (
                <tr key={`${d.kind}/${d.language}`}>
                  <th scope="row">{documentKindLabel[d.kind]}</th>
                  <td lang="en">{languageLabel(d.language)}</td>
                  <td>{d.current ? `Version ${d.current.version}` : '—'}</td>
                  <td>{d.current?.reviewBy ? formatDay(d.current.reviewBy) : '—'}</td>
                  <td>
                    <span className={`documents-badge documents-badge--${d.review}`}>{reviewLabel[d.review]}</span>
                    {d.draft ? <span className="documents-badge documents-badge--draft">Draft waiting</span> : null}
                    {d.behindEnglish ? <p className="documents-hint">Older than the English version</p> : null}
                  </td>
                  <td className="documents-actions">
                    {canEdit ? (
                      <Button
                        variant="secondary"
                        aria-label={`${d.draft ? 'Edit draft' : 'New version'}: ${name}`}
                        aria-expanded={isOpen(d, 'edit')}
                        onClick={() => setOpen({ slot: { kind: d.kind, language: d.language }, view: 'edit' })}
                      >
                        {d.draft ? 'Edit draft' : 'New version'}
                      </Button>
                    ) : null}
                    {d.current || d.draft ? (
                      <Button
                        variant="link"
                        aria-label={`History: ${name}`}
                        aria-expanded={isOpen(d, 'history')}
                        onClick={() => setOpen({ slot: { kind: d.kind, language: d.language }, view: 'history' })}
                      >
                        History
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {open?.view === 'edit' ? (
        <DocumentEditor
          key={`${open.slot.kind}/${open.slot.language}`}
          siteId={siteId}
          slot={open.slot}
          today={list.data?.today ?? null}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.view === 'history' ? (
        <DocumentHistory
          key={`${open.slot.kind}/${open.slot.language}`}
          siteId={siteId}
          slot={open.slot}
          timeZone={props.timeZone}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </section>
  );
}
