import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@threshold/api';
import { Button, TextAreaField, TextField } from '@threshold/ui';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { documentKindLabel, formatDay, languageLabel } from './document-labels.ts';
import type { Slot } from './opened-document.ts';

type Version = inferRouterOutputs<AppRouter>['documents']['versions'][number];

const FIELDS = ['title', 'body', 'reviewBy'] as const;

function yearAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** Writes the next version of one document as a draft, previews it, and publishes it. */
export function DocumentEditor(props: { siteId: string; slot: Slot; today: string | null; onClose: () => void }) {
  const { siteId, slot } = props;
  const trpc = useTRPC();
  const versions = useQuery(trpc.documents.versions.queryOptions({ siteId, ...slot }));
  const [published, setPublished] = useState<number | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The editor opens below the table: move focus (and the view) to it.
  useEffect(() => heading.current?.focus(), []);
  const name = `${documentKindLabel[slot.kind]} (${languageLabel(slot.language)})`;
  const draft = versions.data?.find((v) => v.publishedAt === null) ?? null;
  const current = versions.data?.find((v) => v.publishedAt !== null) ?? null;
  return (
    <section aria-labelledby="editor-title" className="admin-panel documents-editor">
      <div className="documents-panel-head">
        <h2 id="editor-title" ref={heading} tabIndex={-1}>
          {draft ? 'Draft of' : 'New version of'} {name}
        </h2>
        <Button variant="link" onClick={props.onClose}>
          Close
        </Button>
      </div>
      {published !== null ? (
        <p role="status" className="admin-ok">
          Version {published} is published. Kiosks show it from now on.
        </p>
      ) : null}
      {versions.error ? <p role="alert">{versions.error.message}</p> : null}
      {versions.data ? (
        <DraftForm
          key={draft?.id ?? 'new'}
          siteId={siteId}
          slot={slot}
          draft={draft}
          current={current}
          suggestedReviewBy={props.today ? yearAfter(props.today) : ''}
          onPublished={setPublished}
        />
      ) : null}
    </section>
  );
}

interface DraftFormProps {
  siteId: string;
  slot: Slot;
  draft: Version | null;
  current: Version | null;
  suggestedReviewBy: string;
  onPublished: (version: number) => void;
}

function DraftForm({ siteId, slot, draft, current, suggestedReviewBy, onPublished }: DraftFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = draft ?? current;
  const [title, setTitle] = useState(start?.title ?? documentKindLabel[slot.kind]);
  const [body, setBody] = useState(start?.body ?? '');
  const [reviewBy, setReviewBy] = useState(draft?.reviewBy ?? suggestedReviewBy);
  const [confirming, setConfirming] = useState<'publish' | 'discard' | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.documents.versions.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.documents.overdue.queryKey() });
  };
  const save = useMutation(trpc.documents.saveDraft.mutationOptions({ onSuccess: refresh }));
  const publish = useMutation(
    trpc.documents.publish.mutationOptions({
      onSuccess: (result) => {
        onPublished(result.version);
        refresh();
      },
    }),
  );
  const discard = useMutation(trpc.documents.discardDraft.mutationOptions({ onSuccess: refresh }));
  const errors = formErrorsOf(save.error, FIELDS);
  const refusal = formErrorsOf(publish.error ?? discard.error, ['reviewBy']);
  const refusalMessage = refusal.fields.reviewBy ?? refusal.message;
  const unsaved = !draft || title !== draft.title || body !== draft.body || reviewBy !== (draft.reviewBy ?? '');
  const nextVersion = (current?.version ?? 0) + 1;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(null);
    save.mutate({ siteId, ...slot, title, body, reviewBy, ...(draft ? { draftId: draft.id } : {}) });
  };

  return (
    <>
      <form onSubmit={submit} noValidate className="documents-form">
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} />
        <TextAreaField
          label="Text"
          hint="Exactly as visitors or staff will read it. Blank lines separate paragraphs."
          lang={slot.language}
          className="documents-textarea"
          rows={16}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          error={errors.fields.body}
        />
        <TextField
          label="Review by"
          hint="The date by which this text must be reviewed again (after today)."
          type="date"
          value={reviewBy}
          onChange={(e) => setReviewBy(e.target.value)}
          error={errors.fields.reviewBy}
        />
        {errors.message ? <p role="alert">{errors.message}</p> : null}
        <Button type="submit" disabled={save.isPending}>
          Save draft
        </Button>
        {draft && !unsaved ? <p className="admin-note">All changes are saved in the draft.</p> : null}
      </form>

      {draft ? (
        <section aria-labelledby="preview-title" className="documents-preview">
          <h3 id="preview-title">Preview of the saved draft</h3>
          <article lang={slot.language} className="documents-text">
            <h4>{draft.title}</h4>
            <p>{draft.body}</p>
          </article>
          <p className="admin-hash">
            SHA-256 <code>{draft.sha256}</code>
          </p>
          {unsaved ? <p className="admin-warning">Save the draft first: only saved text can be published.</p> : null}
          {confirming === 'publish' ? (
            <section className="documents-confirm" aria-labelledby="confirm-publish-title">
              <h4 id="confirm-publish-title">Publish this text as version {nextVersion}?</h4>
              <p>
                Once published, this text can never be changed or deleted. Kiosks show it at once, and anyone in the
                middle of signing in will be asked to read it again.
                {slot.kind === 'staff_policy' ? ' Every escort must accept it before they can escort again.' : ''}
              </p>
              <Button
                onClick={() => publish.mutate({ siteId, documentId: draft.id, sha256: draft.sha256 })}
                disabled={publish.isPending}
              >
                Publish version {nextVersion}
              </Button>
              <Button variant="link" onClick={() => setConfirming(null)}>
                Not yet
              </Button>
            </section>
          ) : null}
          {confirming === 'discard' ? (
            <section className="documents-confirm" aria-labelledby="confirm-discard-title">
              <h4 id="confirm-discard-title">Discard this draft?</h4>
              <p>Its text will be lost. Published versions are not affected.</p>
              <Button onClick={() => discard.mutate({ siteId, documentId: draft.id })} disabled={discard.isPending}>
                Discard the draft
              </Button>
              <Button variant="link" onClick={() => setConfirming(null)}>
                Keep it
              </Button>
            </section>
          ) : null}
          {confirming === null ? (
            <div className="documents-buttons">
              <Button onClick={() => setConfirming('publish')} disabled={unsaved}>
                Publish…
              </Button>
              <Button variant="secondary" onClick={() => setConfirming('discard')}>
                Discard draft…
              </Button>
            </div>
          ) : null}
          {refusalMessage ? <p role="alert">{refusalMessage}</p> : null}
        </section>
      ) : null}
      {current ? (
        <p className="admin-note">
          Version {current.version} is current
          {current.reviewBy ? `, to be reviewed by ${formatDay(current.reviewBy)}` : ''}.
        </p>
      ) : null}
    </>
  );
}
