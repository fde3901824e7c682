import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { instanceSecret } from '../schema/system.ts';

// Earlier versions generated the auth secret on first start and kept it in instance_secret, where the application
// role could read it. Only the owner role can now; these let the server move such a secret out at start.

/** The stored secret of this name, or null. Needs the owner role. */
export async function findStoredSecret(db: DbOrTx, params: { name: string }): Promise<string | null> {
  const [row] = await db
    .select({ value: instanceSecret.value })
    .from(instanceSecret)
    .where(eq(instanceSecret.name, params.name));
  return row?.value ?? null;
}

/** Removes the stored secret once it lives elsewhere. Needs the owner role. */
export async function deleteStoredSecret(db: DbOrTx, params: { name: string }): Promise<void> {
  await db.delete(instanceSecret).where(eq(instanceSecret.name, params.name));
}
