import type { RouterOutputs } from '@threshold/api';

export type FoundDenyList = RouterOutputs['subjectAccess']['find']['denyList'];

/**
 * Deny-list entries that may be the person: shown apart from their visits, because they are never ticked for export
 * or erasure (the server says why, beside them).
 */
export function SubjectDenyList({ denyList }: { denyList: FoundDenyList }) {
  if (denyList.entries.length === 0) return null;
  return (
    <section className="subject-deny" aria-labelledby="subject-deny-title">
      <h2 id="subject-deny-title">On the deny list (not exported, not erased)</h2>
      <p className="admin-note">{denyList.withheld}</p>
      <ul>
        {denyList.entries.map((e) => (
          <li key={e.id}>
            <strong>{e.fullName}</strong>
            {e.aliases.length > 0 ? `, also known as ${e.aliases.join(', ')}` : ''}
            {e.dateOfBirth ? `, born ${e.dateOfBirth}` : ''}. Reason: {e.reason}. Review by {e.reviewBy}.
          </li>
        ))}
      </ul>
    </section>
  );
}
