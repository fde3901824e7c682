// The load side of bench/signin.mjs: kiosks posting sign-ins over keep-alive HTTP the way the tablet does (one tRPC
// call per request, superjson's wire format), and CPU and memory of the server and PostgreSQL read from /proc.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

const TICKS_PER_S = 100;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A finger signature's size (5–8 KB of PNG); random bytes, as incompressible as a real deflate stream. */
export function signaturePng(bytes = 6_500) {
  return `data:image/png;base64,${Buffer.concat([PNG_MAGIC, randomBytes(bytes - PNG_MAGIC.length)]).toString('base64')}`;
}

/** A name nobody else in the run has: letters only, as the name field allows. */
export function uniqueName(kiosk, n) {
  const letters = (k) => k.toString(26).replace(/./g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)));
  return `Visitor ${letters(kiosk)} ${letters(n)}`.replace(/ (\w)/g, (_, c) => ` ${c.toUpperCase()}`);
}

export function request(agent, url, { method = 'GET', path, token, body }) {
  const payload = body === undefined ? null : JSON.stringify({ json: body });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url + path,
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function trpc(agent, url, name, input, { token, query = false } = {}) {
  const res = query
    ? await request(agent, url, {
        path: `/trpc/${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
        token,
      })
    : await request(agent, url, { method: 'POST', path: `/trpc/${name}`, token, body: input });
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return JSON.parse(res.text).result.data.json;
}

/**
 * `clients` loops, each sending `send(client, n)` (resolving to { status, text }) back to back for `seconds`, or until
 * the promise `until` settles when it is given, pausing `thinkMs` after each answer (a kiosk's next visitor); latencies
 * in ms of every answer, and errors (non-200 answers or failed requests) counted, never retried.
 */
export async function runLoad({ clients, seconds, until, thinkMs = 0, send }) {
  const latencies = [];
  let errors = 0;
  let firstError = null;
  const end = performance.now() + (seconds ?? 0) * 1000;
  let settled = false;
  until?.then(
    () => (settled = true),
    () => (settled = true),
  );
  const going = until ? () => !settled : () => performance.now() < end;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; going(); n++) {
        const t = performance.now();
        try {
          const res = await send(client, n);
          if (res.status === 200) latencies.push(performance.now() - t);
          else {
            errors++;
            firstError ??= `HTTP ${res.status} ${res.text.slice(0, 300)}`;
          }
        } catch (err) {
          errors++;
          firstError ??= String(err);
        }
        if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs));
      }
    }),
  );
  return summarise([{ latencies, elapsedS: (performance.now() - started) / 1000, errors, firstError }]);
}

/** One load's figures from one or more of its slices (runLoad's answers): rate over their time, percentiles over all. */
export function summarise(slices) {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const elapsedS = slices.reduce((sum, s) => sum + s.elapsedS, 0);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    latencies,
    elapsedS,
    done: latencies.length,
    perS: latencies.length / elapsedS,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: slices.reduce((sum, s) => sum + s.errors, 0),
    firstError: slices.find((s) => s.firstError)?.firstError ?? null,
  };
}

function stat(pid) {
  // Fields after the command (which may hold spaces) : state is [0], utime [11], stime [12], cutime [13], cstime [14].
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(f[1]),
    own: Number(f[11]) + Number(f[12]),
    system: Number(f[12]),
    children: Number(f[13]) + Number(f[14]),
  };
}

function childrenOf(pid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (stat(entry).ppid === pid) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** CPU seconds of this process's children that have ended (pgbench, once it has exited). */
export function endedChildrenCpuS() {
  return stat(process.pid).children / TICKS_PER_S;
}

/**
 * CPU seconds used so far by the node server processes (the primary and its cluster workers) and by PostgreSQL
 * (postmaster, its backends, and the backends that already ended), and the servers' resident memory in MB
 * (all together, and the largest process's).
 */
export function processUsage(serverPid, postmasterPid) {
  const nodePids = [serverPid, ...childrenOf(serverPid).filter((p) => p !== postmasterPid && isNode(p))];
  const nodeTicks = nodePids.reduce((sum, p) => sum + stat(p).own, 0);
  const nodeSystemTicks = nodePids.reduce((sum, p) => sum + stat(p).system, 0);
  const nodeWrites = nodePids.reduce((sum, p) => sum + writeCalls(p), 0);
  const nodePreempted = nodePids.reduce((sum, p) => sum + preemptions(p), 0);
  const pm = stat(postmasterPid);
  const pgTicks = childrenOf(postmasterPid).reduce((sum, p) => sum + safeOwn(p), pm.own + pm.children);
  const rss = nodePids.map(rssOf);
  const rssMb = rss.reduce((sum, kb) => sum + kb, 0) / 1024;
  return {
    nodeS: nodeTicks / TICKS_PER_S,
    nodeSystemS: nodeSystemTicks / TICKS_PER_S,
    nodeWrites,
    nodePreempted,
    pgS: pgTicks / TICKS_PER_S,
    rssMb,
    largestRssMb: Math.max(...rss) / 1024,
    nodeProcesses: nodePids.length,
  };
}

function isNode(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node';
  } catch {
    return false;
  }
}

function safeOwn(pid) {
  try {
    return stat(pid).own;
  } catch {
    return 0;
  }
}

/** Write system calls so far (sockets included): each is a wake-up of whoever reads the other end. */
function writeCalls(pid) {
  return Number(/syscw:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
}

/** Times the process was taken off a core while it could still run (its threads together). */
function preemptions(pid) {
  let sum = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
    sum += Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(text)?.[1] ?? 0);
  }
  return sum;
}

function rssOf(pid) {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0);
}

export const newJourneyKey = randomUUID;
