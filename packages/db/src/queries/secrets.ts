import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { instanceSecret } from '../schema/system.ts';

/** Returns the named secret, creating it from `generate` on first use; concurrent first starts agree on one value. */
export async function getOrCreateSecret(db: DbOrTx, params: { name: string; generate: () => string }): Promise<string> {
  await db.insert(instanceSecret).values({ name: params.name, value: params.generate() }).onConflictDoNothing();
  const [row] = await db.select().from(instanceSecret).where(eq(instanceSecret.name, params.name));
  if (!row) throw new Error(`secret ${params.name} missing after insert`);
  return row.value;
}
