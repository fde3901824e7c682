import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_KEYS } from '@threshold/db/testing/keys';
import { TEST_AUTH_SECRET, withoutDatabaseVars } from '../../support/server.ts';
import { ensureServerBuilt } from '../../support/server-build.ts';
import { rememberDatabasePasswords, serverLogFile } from '../../support/server-logs.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const logDir = fileURLToPath(new URL('../../artifacts/reliability-logs/', import.meta.url));

/**
 * One run of the real server, as tests/support/server.ts starts it (exactly what `npm start` runs), but on a port
 * the test chooses, so a server killed and started again answers the kiosks at the same address, and with its pid
 * known, so the test can SIGKILL the node process alone.
 */
export interface ServerProcess {
  url: string;
  pid: number;
  /** When the process was spawned and when it printed that it is running (Date.now()). */
  launchedAt: number;
  readyAt: number;
  output: () => string;
  /** The server's `[database]` and `[error]` lines with the time they arrived, to set beside a fault's timeline. */
  events: () => { at: number; line: string }[];
  alive: () => boolean;
  /** SIGKILL to the node process only (not its group): an embedded PostgreSQL it started is left running. */
  kill: () => Promise<void>;
  /** Ctrl-C as a terminal sends it (SIGINT to the process group); resolves with the exit code. */
  stop: () => Promise<number | null>;
  /** Keeps the output under tests/artifacts/reliability-logs/<name>.log for a post-mortem. */
  saveLog: (name: string) => Promise<void>;
}

export async function launchServer(options: { port: number; env: Record<string, string> }): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const launchedAt = Date.now();
  const child = spawn(process.execPath, [ensureServerBuilt(repoRoot)], {
    cwd: join(repoRoot, 'apps/server'),
    detached: true,
    env: {
      ...withoutDatabaseVars(process.env),
      PORT: String(options.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      THRESHOLD_QUIET: '1',
      // The checks decrypt what the servers stored, and find it through the blind index, with these keys.
      THRESHOLD_KEYS: TEST_KEYS,
      ...(options.env.DATABASE_URL ? { AUTH_SECRET: TEST_AUTH_SECRET } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process could not be spawned');
  let output = '';
  const events: { at: number; line: string }[] = [];
  // Kept for the log scan after the run (logscan/) as well as for saveLog's post-mortem.
  const log = serverLogFile();
  rememberDatabasePasswords(options.env);
  child.once('exit', () => log.end());
  const take = (d: Buffer) => {
    const text = d.toString();
    output += text;
    log.write(d);
    for (const line of text.split('\n')) {
      if (line.startsWith('[database]') || line.startsWith('[error]')) events.push({ at: Date.now(), line });
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitUntilRunning(child, () => output);
  const readyAt = Date.now();
  return {
    url,
    pid,
    launchedAt,
    readyAt,
    output: () => output,
    events: () => events,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      process.kill(-pid, 'SIGINT');
      // A server that does not stop within half a minute is a finding of its own; the run must still end.
      const late = setTimeout(() => process.kill(pid, 'SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(late);
      return code;
    },
    saveLog: async (name) => {
      await mkdir(logDir, { recursive: true });
      await writeFile(join(logDir, `${name}.log`), output);
    },
  };
}

/** Lines that mean the process met an error nobody handled: it must never print them under a fault. */
export function crashSigns(output: string): string[] {
  return output.split('\n').filter((line) => /uncaught|TypeError/i.test(line));
}

/** Rejections the server caught with its last-resort handler: not a crash, but reported. */
export function unhandledRejections(output: string): string[] {
  return output.split('\n').filter((line) => line.includes('unhandled rejection'));
}

function waitUntilRunning(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (output().includes('Threshold is running')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > 120_000) {
        clearInterval(timer);
        reject(new Error(`server did not start (exit ${child.exitCode ?? child.signalCode}):\n${output()}`));
      }
    }, 50);
  });
}
