import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseTrustProxy, type TrustedProxies } from './client-address.ts';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const optionalUrl = z
  .string()
  .trim()
  .transform((s) => s || undefined)
  .pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional())
  .optional();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optionalUrl,
  DATABASE_OWNER_URL: optionalUrl,
  THRESHOLD_DATA_DIR: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  AUTH_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  // A file holding the auth secret (readable only by Threshold), for secrets kept out of the environment.
  AUTH_SECRET_FILE: z.string().trim().min(1).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .transform((s) => s || undefined)
    .pipe(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional())
    .optional(),
  MAIL_FROM: z.string().default('Threshold <no-reply@threshold.invalid>'),
  // The reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For we believe; unset: none.
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx): TrustedProxies => {
      try {
        return parseTrustProxy(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : 'is not a list of addresses' });
        return z.NEVER;
      }
    }),
  // Encryption keys for visitors' details: the key list itself, or a file holding it (see crypto/config.ts).
  THRESHOLD_KEYS: z.string().trim().min(1).optional(),
  THRESHOLD_KEY_FILE: z.string().trim().min(1).optional(),
  // Tests start throwaway clusters; durability settings only slow them down.
  THRESHOLD_EMBEDDED_FAST: z.enum(['0', '1']).default('0'),
  // How often the mail outbox is sent; tests shorten it so six failed attempts take seconds, not half a minute.
  THRESHOLD_OUTBOX_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // How often tablets report to the server (half a minute); tests shorten it so the desk hears of a change sooner.
  THRESHOLD_KIOSK_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  // Connections of each server process's request pool (see bench/signin-pool.mjs for how the default was chosen).
  THRESHOLD_DB_POOL: z.coerce.number().int().min(2).max(100).default(10),
  // Server processes sharing the port (node's cluster); unset: one per core in production, one otherwise.
  THRESHOLD_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string; publicUrl: string };

/** Reads and validates the process environment once; a bad value stops start-up with the variable named. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  // npm runs scripts inside the workspace; relative paths mean relative to where the user typed the command.
  const base = source.INIT_CWD ?? process.cwd();
  const dataDir = env.THRESHOLD_DATA_DIR
    ? isAbsolute(env.THRESHOLD_DATA_DIR)
      ? env.THRESHOLD_DATA_DIR
      : resolve(base, env.THRESHOLD_DATA_DIR)
    : resolve(repoRoot, '.data');
  return { ...env, dataDir, publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` };
}
