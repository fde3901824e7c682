import { DEMO_PIN, demoAccounts } from '@threshold/api';
import type { Running } from './boot.ts';
import type { Env } from './env.ts';

/** Where people reach the server: behind a reverse proxy that is PUBLIC_URL, not the port it listens on. */
export function runningAt(env: Pick<Env, 'publicUrl'>): string {
  return env.publicUrl.replace(/\/+$/, '');
}

/** What a newcomer needs after `npm start`: where to go, how to sign in, how to pair the kiosk. */
export function banner(running: Running): string {
  const lines = [
    '',
    `Threshold is running at ${running.url}`,
    `  Kiosk:  ${running.url}/kiosk/`,
    `  Admin:  ${running.url}/admin/`,
  ];
  for (const warning of running.database.warnings) lines.push(`  Warning: ${warning}`);
  lines.push(
    running.mailMode === 'smtp'
      ? '  Email: sent through SMTP_URL'
      : '  Email: demo mode (no SMTP_URL) — messages are kept in the admin app’s Outbox instead of being sent',
  );
  if (running.database.embedded) {
    lines.push(`  Database (embedded PostgreSQL, application role): ${running.database.appUrl}`);
  }
  if (running.demo) {
    lines.push('', `Demo site: ${running.demo.siteName}`);
    lines.push(`  Kiosk pairing code: ${running.demo.pairingCode}  (one use, valid for 10 minutes)`);
    lines.push(running.demo.seed ? '  Seeded the demo organisation.' : '  Using the demo data from an earlier start.');
    lines.push('  Demo sign-ins for the admin app:');
    for (const a of demoAccounts) lines.push(`    ${a.roles.join(', ').padEnd(12)} ${a.email}  /  ${a.password}`);
    lines.push(
      '  The demo organisation requires two-factor sign-in for admins and coordinators. Their authenticator',
      '  secrets (DEMO ONLY: public, never use them for real accounts) — add one to an authenticator app, or',
      '  paste the otpauth:// link into one:',
    );
    for (const a of demoAccounts) {
      if (!a.totp) continue;
      lines.push(`    ${a.email}  TOTP secret: ${a.totp.secret}`);
      lines.push(`      ${a.totp.uri}`);
      lines.push(`      backup codes (each works once): ${a.totp.backupCodes.join('  ')}`);
    }
    lines.push(`  Demo escorts' kiosk PIN: ${DEMO_PIN}`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
