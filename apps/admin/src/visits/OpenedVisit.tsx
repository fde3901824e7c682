import { useEffect, useRef } from 'react';
import { VisitDetail } from './VisitDetail.tsx';
import { VisitTimeline } from './VisitTimeline.tsx';

/**
 * A visit opened from a list: its record with the signed form (and PDF), and its timeline. Focus moves here when it
 * opens and back to the row's button when it closes, so keyboard and screen-reader users keep their place.
 */
export function OpenedVisit({
  siteId,
  visitId,
  timeZone,
  onClose,
}: {
  siteId: string;
  visitId: string;
  timeZone: string;
  onClose: () => void;
}) {
  const region = useRef<HTMLElement>(null);
  useEffect(() => {
    region.current?.focus();
  }, []);
  const close = () => {
    onClose();
    // After the list is shown again.
    requestAnimationFrame(() => document.getElementById(`log-open-${visitId}`)?.focus());
  };
  return (
    <section ref={region} tabIndex={-1} className="log-opened" aria-label="Opened visit">
      <VisitDetail siteId={siteId} visitId={visitId} timeZone={timeZone} onClose={close} />
      <VisitTimeline siteId={siteId} visitId={visitId} timeZone={timeZone} />
    </section>
  );
}
