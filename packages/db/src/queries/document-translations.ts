import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';

/**
 * The kinds, among `kinds`, whose current version in `language` was published before the current English version:
 * the translation renders an older English text. English is the reference text (as for the staff policy, see
 * currentStaffPolicyIds), so a translation is judged by when it was published, whatever its own version number.
 */
export async function listKindsTranslatedFromOlderEnglish(
  db: DbOrTx,
  params: { siteId: string; language: string; kinds: readonly string[] },
): Promise<string[]> {
  if (params.language === 'en') return [];
  const kinds = sql.join(
    params.kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const newest = (language: string) => sql`
    select distinct on (kind) kind, published_at from policy_document
     where site_id = ${params.siteId} and language = ${language} and kind in (${kinds}) and published_at <= now()
     order by kind, version desc`;
  const rows = await db.execute<{ kind: string }>(sql`
    select t.kind from (${newest(params.language)}) t join (${newest('en')}) e on e.kind = t.kind
     where t.published_at < e.published_at
     order by t.kind`);
  return rows.map((r) => r.kind);
}
