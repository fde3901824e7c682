import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { documentKindLabel, formatDay, languageLabel } from './document-labels.ts';
import './forms-policies.css';

/**
 * Warns admins and coordinators, above every page, when a form or policy is past its review-by date (or will be
 * within 30 days): an out-of-date policy is one visitors and staff should not be agreeing to.
 */
export function DocumentReviewBanner(props: { siteId: string; roles: string[]; onOpen: () => void }) {
  const responsible = props.roles.includes('admin') || props.roles.includes('coordinator');
  const trpc = useTRPC();
  const due = useQuery({ ...trpc.documents.overdue.queryOptions({ siteId: props.siteId }), enabled: responsible });
  const documents = due.data?.documents ?? [];
  if (!responsible || documents.length === 0) return null;
  const overdue = documents.some((d) => d.review === 'overdue');
  return (
    <section
      aria-labelledby="review-banner-title"
      className={`review-banner ${overdue ? 'review-banner--overdue' : 'review-banner--soon'}`}
    >
      <h2 id="review-banner-title">
        {overdue ? 'A form or policy is overdue for review' : 'Forms or policies are due for review soon'}
      </h2>
      <ul>
        {documents.map((d) => (
          <li key={`${d.kind}/${d.language}`}>
            {documentKindLabel[d.kind]} ({languageLabel(d.language)}), version {d.version}:{' '}
            {d.review === 'overdue' ? 'review was due' : 'review due'} {d.reviewBy ? formatDay(d.reviewBy) : ''}
          </li>
        ))}
      </ul>
      <p>
        {props.roles.includes('admin')
          ? 'Review the text and publish a new version with a new review-by date.'
          : 'Review the text with an admin, who can publish a new version with a new review-by date.'}
      </p>
      <Button variant="secondary" onClick={props.onOpen}>
        Open Forms &amp; policies
      </Button>
    </section>
  );
}
