import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../api.ts';
import { formatDateTime } from '../time.ts';
import { documentKindLabel, formatDay, languageLabel } from './document-labels.ts';
import type { Slot } from './opened-document.ts';

/** Every version of one document, newest first: when it was published, its review-by date, its hash, its text. */
export function DocumentHistory(props: { siteId: string; slot: Slot; timeZone: string; onClose: () => void }) {
  const { siteId, slot, timeZone } = props;
  const trpc = useTRPC();
  const versions = useQuery(trpc.documents.versions.queryOptions({ siteId, ...slot }));
  const heading = useRef<HTMLHeadingElement>(null);
  // The history opens below the table: move focus (and the view) to it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="history-title" className="admin-panel documents-history">
      <div className="documents-panel-head">
        <h2 id="history-title" ref={heading} tabIndex={-1}>
          Version history: {documentKindLabel[slot.kind]} ({languageLabel(slot.language)})
        </h2>
        <Button variant="link" onClick={props.onClose}>
          Close
        </Button>
      </div>
      <p className="admin-note">
        The SHA-256 of each version is the fingerprint of its exact text: a signed form records it, so anyone can check
        which text was signed.
      </p>
      {versions.error ? <p role="alert">{versions.error.message}</p> : null}
      <ol className="documents-versions">
        {versions.data?.map((v) => (
          <li key={v.id}>
            <h3>
              {v.publishedAt ? `Version ${v.version}` : 'Draft (not published)'}
              <span className="documents-version-title"> — {v.title}</span>
            </h3>
            <dl className="admin-facts">
              <dt>Published</dt>
              <dd>{v.publishedAt ? formatDateTime(v.publishedAt, timeZone) : 'not yet'}</dd>
              <dt>Review by</dt>
              <dd>{v.reviewBy ? formatDay(v.reviewBy) : 'no date set'}</dd>
              <dt>SHA-256</dt>
              <dd className="admin-hash">
                <code data-testid={`sha256-${v.version}`}>{v.sha256}</code>
              </dd>
            </dl>
            <details>
              <summary>Show the text of {v.publishedAt ? `version ${v.version}` : 'the draft'}</summary>
              <article lang={slot.language} className="documents-text">
                <p>{v.body}</p>
              </article>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
