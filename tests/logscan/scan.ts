import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Secret {
  kind: string;
  value: string;
}

export interface Hit {
  /** `<log file>:<line>` */
  at: string;
  kind: string;
  /** The secret's first characters only: the report must not become a leak of its own. */
  hint: string;
}

// Shorter values (a two-letter initial, say) would match ordinary words; the suite's secrets are all longer.
const MIN_LENGTH = 4;

/** The secrets the suite recorded (support/server-logs.ts), each value once. */
export function readSecrets(file: string): Secret[] {
  if (!existsSync(file)) return [];
  const byValue = new Map<string, Secret>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const secret = JSON.parse(line) as Secret;
    if (secret.value.length >= MIN_LENGTH) byValue.set(secret.value, secret);
  }
  return [...byValue.values()];
}

export function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort();
}

/**
 * Every line of every log in `dir` that holds a secret, compared case-insensitively; a short or all-digit secret
 * (a PIN, a visit or pairing code) only as a whole word, so "1234" does not match inside a port or a duration.
 *
 * The start banner of a demo server (from "Threshold is running at" to "Press Ctrl-C to stop.") is left out: it is
 * printed on purpose, once, to the person who typed `npm start` on a demo installation: the demo accounts' password,
 * PIN and authenticator secrets (public demo data) and the kiosk pairing code. It appears only without DATABASE_URL.
 * A configured database's password is looked for in the banner too: only the embedded one's may be shown there.
 */
export function scanLogs(dir: string, secrets: Secret[]): Hit[] {
  const matchers = secrets.map((secret) => {
    const needle = secret.value.toLowerCase();
    const whole = /^\d+$/.test(needle) || needle.length <= 8;
    const pattern = whole ? new RegExp(`(?<![a-z0-9])${escapeRegExp(needle)}(?![a-z0-9])`) : null;
    return { secret, test: (line: string) => (pattern ? pattern.test(line) : line.includes(needle)) };
  });
  const hits: Hit[] = [];
  for (const name of logFiles(dir)) {
    let inBanner = false;
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((raw, index) => {
        if (raw.includes('Threshold is running at ')) inBanner = true;
        const banner = inBanner;
        if (raw.trim() === 'Press Ctrl-C to stop.') inBanner = false;
        const line = raw.toLowerCase();
        for (const { secret, test } of matchers) {
          if (banner && secret.kind !== 'database-password') continue;
          if (test(line)) hits.push({ at: `${name}:${index + 1}`, kind: secret.kind, hint: hintOf(secret.value) });
        }
      });
  }
  return hits;
}

function hintOf(value: string): string {
  return `${value.slice(0, 2)}… (${value.length} characters)`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
