import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Button } from '@threshold/ui';
import { canSee } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { isNoticeLevel, type NoticeLevel, reviewNotice, showsAgain } from './review-notice.ts';
import './forms-policies.css';

const dismissedKey = (siteId: string) => `threshold.reviewNoticeDismissed.${siteId}`;

// Only how pressing the notice was is kept, never what it said; sessionStorage ends with the browser tab.
function readDismissed(siteId: string): NoticeLevel | null {
  const value = sessionStorage.getItem(dismissedKey(siteId));
  return isNoticeLevel(value) ? value : null;
}

/**
 * One line above every page for admins and coordinators when a form or policy is due for review: an out-of-date
 * policy is one visitors and staff should not be agreeing to. Quiet until a few days before; can be put away for the
 * session, and comes back when it becomes more pressing.
 */
export function DocumentReviewBanner(props: { siteId: string; roles: string[] }) {
  const { siteId } = props;
  const responsible = canSee('documents', props.roles);
  const trpc = useTRPC();
  const due = useQuery({ ...trpc.documents.overdue.queryOptions({ siteId }), enabled: responsible });
  const [dismissed, setDismissed] = useState(() => readDismissed(siteId));
  const notice = responsible && due.data ? reviewNotice(due.data.today, due.data.documents) : null;
  if (!notice || !showsAgain(notice.level, dismissed)) return null;
  const dismiss = () => {
    sessionStorage.setItem(dismissedKey(siteId), notice.level);
    setDismissed(notice.level);
  };
  return (
    <section aria-label="Review notice" className={`review-notice review-notice--${notice.level}`}>
      <p>
        {notice.text}{' '}
        <Link to="/sites/$siteId/documents" params={{ siteId }}>
          Forms &amp; policies
        </Link>
      </p>
      <Button variant="link" onClick={dismiss}>
        Dismiss<span className="th-visually-hidden"> the review notice for this session</span>
      </Button>
    </section>
  );
}
