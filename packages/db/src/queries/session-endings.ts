import { randomUUID } from 'node:crypto';
import { and, eq, gt, like, lt } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client.ts';
import { authSession, authVerification } from '../schema/auth.ts';

// Kept in better-auth's verification table (an identifier, a value and an expiry), under a prefix of its own.
const PREFIX = 'session-ended:';

/**
 * Ends a session and notes why, in one transaction, until the session would have lapsed anyway (its cookie is not
 * sent after that). Other requests with the same cookie race the first refusal (a board's refresh, the next page's
 * queries): a request that no longer finds the session finds the note, so every answer says why, not just the first.
 */
export async function endSessionNoting(
  db: Db,
  params: { sessionId: string; tokenHash: string; ending: string; until: Date; now: Date },
) {
  await db.transaction(async (tx) => {
    await tx.delete(authSession).where(eq(authSession.id, params.sessionId));
    // Notes nobody can use any more go as new ones are written: there are never more than a few.
    await tx
      .delete(authVerification)
      .where(and(like(authVerification.identifier, `${PREFIX}%`), lt(authVerification.expiresAt, params.now)));
    await tx.insert(authVerification).values({
      id: randomUUID(),
      identifier: `${PREFIX}${params.tokenHash}`,
      value: params.ending,
      expiresAt: params.until,
    });
  });
}

/** Why the session whose token hashes to `tokenHash` was ended, while that is still worth saying; else null. */
export async function getSessionEndingNote(db: DbOrTx, params: { tokenHash: string; now: Date }) {
  const [row] = await db
    .select({ ending: authVerification.value })
    .from(authVerification)
    .where(
      and(eq(authVerification.identifier, `${PREFIX}${params.tokenHash}`), gt(authVerification.expiresAt, params.now)),
    )
    .limit(1);
  return row?.ending ?? null;
}
