import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secretsFile, serverLogDir } from '../support/server-logs.ts';
import { logFiles, readSecrets, scanLogs } from './scan.ts';

// Runs after the e2e and fault suites (see package.json): their servers' output and the secrets they used are in
// tests/artifacts/server-logs/. Fewer than these means the run did not record what this test needs to mean anything.
const MIN_LOG_FILES = 5;
const MIN_SECRETS = 20;
const MIN_KINDS = 4;

describe('the scanner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threshold-logscan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a secret anywhere in a line, a code only as a whole word; in the start banner only a database password', () => {
    writeFileSync(
      join(dir, 'a.log'),
      [
        '',
        'Threshold is running at http://127.0.0.1:4000',
        '  Kiosk pairing code: 482913  (one use, valid for 10 minutes)',
        '  Database: postgres://app:dbpass-9f3e@db/threshold',
        'Press Ctrl-C to stop.',
        '[error] trpc visits.signIn: Error: boom for jane doe',
        'GET /health 200 4829130ms',
        '[error] x: code 482913 refused',
      ].join('\n'),
    );
    const hits = scanLogs(dir, [
      { kind: 'visitor', value: 'Jane Doe' },
      { kind: 'pairing-code', value: '482913' },
      { kind: 'database-password', value: 'dbpass-9f3e' },
    ]);
    expect(hits).toEqual([
      { at: 'a.log:4', kind: 'database-password', hint: 'db… (11 characters)' },
      { at: 'a.log:6', kind: 'visitor', hint: 'Ja… (8 characters)' },
      { at: 'a.log:8', kind: 'pairing-code', hint: '48… (6 characters)' },
    ]);
  });
});

describe('the server logs of this run', () => {
  it('were recorded, with the secrets the suites used', () => {
    const secrets = readSecrets(secretsFile);
    expect(logFiles(serverLogDir).length, `server logs in ${serverLogDir}`).toBeGreaterThanOrEqual(MIN_LOG_FILES);
    expect(secrets.length, `secrets in ${secretsFile}`).toBeGreaterThanOrEqual(MIN_SECRETS);
    expect(new Set(secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(MIN_KINDS);
  });

  it('hold no personal data or secret the suites used: no name, email, code, PIN, password, token or hash', () => {
    const hits = scanLogs(serverLogDir, readSecrets(secretsFile));
    const report = hits.map((h) => `${h.at}  ${h.kind} ${h.hint}`).join('\n');
    expect(hits, `secrets found in server logs:\n${report}`).toEqual([]);
  });
});
