// Shared by bench/visit-log.mjs and bench/million.mjs: the throwaway million-visit database (bench/visit-log-data.sql,
// and on request its audit trail, bench/million-audit.sql, sealed into the hash chain with the sealer's own hash),
// and the measuring tools: calls through the application, pgbench of the same SQL, the SQL a query function sends,
// and EXPLAIN (ANALYZE, BUFFERS) written to bench/EXPLAIN.md.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encryptBytes, encryptValue, nameIndexTokens } from '@threshold/db';
// The sealer's own hash and the schema the application's drizzle has (neither is part of the package's interface).
import { chainHash } from '../packages/db/src/audit/chain-hash.ts';
import * as schema from '../packages/db/src/schema/index.ts';
// Visitor details are encrypted with the test keys (they only need to be the same for writing and reading).
import '@threshold/db/testing/keys';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

/** `--name=value` options: the defaults are the recorded run. */
export function option(name, fallback) {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
}

export const PGBENCH = 'pgbench';
export function requirePgbench() {
  try {
    execFileSync(PGBENCH, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('pgbench was not found: apt-get install -y postgresql-client');
  }
}

const started = Date.now();
export const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Loads the generated log as the owner (foreign-key triggers off where allowed, as for a restore), with its audit
 * trail when `audit` is set, then vacuums.
 */
export async function fill(ownerUrl, { visits, audit = false }) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    log(`generating ${visits.toLocaleString('en')} visits…`);
    await sql`set session_replication_role = replica`.catch(() => log('(foreign keys checked: not a superuser)'));
    const script = await readFile(here('./visit-log-data.sql'), 'utf8');
    const [before, after] = script.replaceAll(':visits', String(visits)).split('-- @seal');
    await sql.unsafe(before);
    await seal(sql);
    await sql.unsafe(after);
    if (audit) await auditTrail(sql, ownerUrl);
    await sql`reset session_replication_role`;
    log('vacuuming…');
    await sql`vacuum (analyze)`;
    const [size] = await sql`select pg_size_pretty(pg_database_size(current_database())) as size`;
    log(`database ready (${size?.size})`);
  } finally {
    await sql.end();
  }
}

/**
 * Every distinct visitor detail the data script uses, encrypted by the application once (the script looks them up:
 * encrypting a million rows one by one would dwarf the bench), names with their blind-index tokens.
 */
async function seal(sql) {
  const names = await sql`
    select f[i] || ' ' || l[j] as plain from bench_names, generate_series(1, 60) i, generate_series(1, 60) j`;
  const others = [
    ...Array.from({ length: 500 }, (_, i) => `Organisation ${i}`),
    ...Array.from({ length: 40 }, (_, i) => `Host ${i}`),
    'Bench visit',
  ];
  const rows = [
    ...names.map(({ plain }) => ({ plain, sealed: encryptValue(plain), idx: `{${nameIndexTokens(plain).join(',')}}` })),
    ...others.map((plain) => ({ plain, sealed: encryptValue(plain), idx: '{}' })),
    { plain: 'signature png', sealed: encryptBytes(Buffer.from('89504e470d0a1a0a', 'hex')), idx: '{}' },
  ];
  await sql`create temporary table bench_sealed (plain text primary key, sealed bytea not null, idx text[] not null)`;
  for (let i = 0; i < rows.length; i += 1000) await sql`insert into bench_sealed ${sql(rows.slice(i, i + 1000))}`;
}

/**
 * The audit trail (bench/million-audit.sql), linked into the organisation's chain in id order with the sealer's
 * own chainHash, so `verifyAuditChain` finds it intact. Hashing in Node and inserting the sealed rows once is far
 * quicker than letting the sealer update millions of rows in batches, and gives the same chain.
 */
async function auditTrail(sql, ownerUrl) {
  const [{ base }] = await sql`select coalesce(max(id), 0)::text as base from audit_event`;
  log('generating the audit trail…');
  await sql.unsafe((await readFile(here('./million-audit.sql'), 'utf8')).replaceAll(':base', base));
  const [{ n }] = await sql`select count(*)::int as n from bench_audit`;
  log(`hashing ${n.toLocaleString('en')} audit events into the chain…`);
  const reader = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const writer = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const copy = await writer`copy bench_chain (id, seq, prev_hash, hash) from stdin`.writable();
    let seq = 0;
    let prevHash = null;
    const rows = reader`
      select id::text, organisation_id as "organisationId", site_id as "siteId",
             to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
             actor_type as "actorType", actor_id as "actorId", type, visit_id as "visitId", data
      from bench_audit order by id`.cursor(5000);
    for await (const batch of rows) {
      const lines = [];
      for (const row of batch) {
        seq += 1;
        const hash = chainHash(prevHash, { ...row, id: Number(row.id) });
        lines.push(`${row.id}\t${seq}\t${prevHash ?? '\\N'}\t${hash}\n`);
        prevHash = hash;
      }
      if (!copy.write(lines.join(''))) await new Promise((resolve) => copy.once('drain', resolve));
    }
    await new Promise((resolve, reject) => copy.end((error) => (error ? reject(error) : resolve())));
  } finally {
    await reader.end();
    await writer.end();
  }
  log('inserting the sealed audit trail…');
  await sql`
    insert into audit_event (id, organisation_id, site_id, occurred_at, actor_type, actor_id, type, visit_id, data,
                             seq, prev_hash, hash)
    overriding system value
    select a.id, a.organisation_id, a.site_id, a.occurred_at, a.actor_type, a.actor_id, a.type, a.visit_id, a.data,
           c.seq, c.prev_hash, c.hash
    from bench_audit a join bench_chain c using (id) order by a.id`;
  await sql`select setval(pg_get_serial_sequence('audit_event', 'id'), (select max(id) from audit_event))`;
  await sql`drop table bench_audit, bench_chain`;
}

export function p95(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? Number.NaN;
}

/** Calls per second of `call` from `clients` concurrent callers for `seconds`, after one warm-up call, and p95 ms. */
export async function appRate(call, { clients, seconds }) {
  const warm = await call();
  const latencies = [];
  const until = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      await call();
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { rate: latencies.length / ((performance.now() - t0) / 1000), warm, p95: p95(latencies) };
}

/**
 * The SQL and parameters of the statement a query function sends that `pick` chooses (default: the last), captured
 * by postgres.js on a real connection: pgbench then runs exactly what the application runs. (drizzle's logger would
 * miss the queries built once: they log to the db that first built them.)
 */
export async function sentSql(url, run, pick = (sent) => sent.at(-1)) {
  const sent = [];
  const debug = (_connection, text, params) => sent.push({ sql: text, params: params.map(asText) });
  const client = postgres(url, { max: 1, onnotice: () => {}, debug });
  try {
    await run(drizzle(client, { schema }));
  } finally {
    await client.end();
  }
  const chosen = pick(sent);
  if (!chosen) throw new Error('the query function sent no such SQL');
  return chosen;
}

/** A parameter as pgbench's -D and EXPLAIN take it: text, arrays as PostgreSQL array literals. */
function asText(value) {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((v) => `"${String(v).replaceAll(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return value;
}

/**
 * pgbench's rate for one statement, its parameters bound as postgres.js binds them (extended protocol, unnamed), and
 * its p95 in ms from the per-transaction log (-l; the third column is each transaction's latency in microseconds).
 */
export async function pgbenchRun(url, query, { key, work, clients, seconds }) {
  let text = query.sql;
  const defines = [];
  // From the highest number down, so $1 does not match the start of $12.
  for (let i = query.params.length; i >= 1; i--) {
    text = text.replaceAll(`$${i}`, `:p${i}`);
    const value = query.params[i - 1];
    defines.push('-D', `p${i}=${value instanceof Date ? value.toISOString() : value}`);
  }
  const script = join(work, `${key}.sql`);
  await writeFile(script, `${text};\n`);
  const args = ['-n', '-M', 'extended', '-c', String(clients), '-j', String(clients), '-T', String(seconds)];
  const logs = ['-l', `--log-prefix=${join(work, key)}`];
  const out = execFileSync(PGBENCH, [...args, ...logs, ...defines, '-f', script, url], { encoding: 'utf8' });
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`no rate in pgbench's output:\n${out}`);
  const latencies = [];
  for (const file of (await readdir(work)).filter((f) => f.startsWith(`${key}.`) && !f.endsWith('.sql'))) {
    for (const line of (await readFile(join(work, file), 'utf8')).split('\n')) {
      if (line) latencies.push(Number(line.split(' ')[2]) / 1000);
    }
  }
  if (latencies.length === 0) throw new Error(`pgbench wrote no transaction log for ${key}`);
  return { rate: Number(tps[1]), p95: p95(latencies) };
}

/** What recording a departure does (departure.ts): signed out at the time given, the open escort ended then. */
export async function recordOldDepartures(ownerUrl) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      const visits = await tx`
        update visit set state = 'signed_out', signed_out_at = signed_in_at + interval '3 hours'
        where state = 'departure_unconfirmed' and signed_in_at < now() - interval '7 days'
        returning id, signed_out_at`;
      await tx`
        update escort_assignment a set ended_at = v.signed_out_at, end_reason = 'signed_out'
        from visit v where v.id = a.visit_id and a.ended_at is null and v.signed_out_at is not null`;
      await tx`analyze visit`;
      return visits.length;
    });
  } finally {
    await sql.end();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement with its parameters, as text. */
export async function explain(url, query) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const params = query.params.map((p) => (p instanceof Date ? p.toISOString() : p));
    // Twice: the first warms the cache as the measured calls were.
    await sql.unsafe(`explain (analyze, buffers) ${query.sql}`, params);
    const rows = await sql.unsafe(`explain (analyze, buffers) ${query.sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await sql.end();
  }
}

const explainFile = here('./EXPLAIN.md');
const MARK = (section) => `<!-- plans: ${section} -->`;

/**
 * Rewrites one bench's section of bench/EXPLAIN.md (between its marker and the next), keeping the rest: the notes
 * above the plans are written by people.
 */
export async function writePlans(section, heading, plans) {
  const text = existsSync(explainFile) ? await readFile(explainFile, 'utf8') : '# Query plans\n';
  const body = [
    MARK(section),
    `## ${heading}`,
    '',
    ...plans.flatMap(({ title, sql, plan }) => [
      `### ${title}`,
      '',
      '```sql',
      sql.trim(),
      '```',
      '',
      '```',
      plan,
      '```',
      '',
    ]),
  ].join('\n');
  const start = text.indexOf(MARK(section));
  if (start === -1) return writeFile(explainFile, `${text.trimEnd()}\n\n${body}`);
  const next = text.indexOf('<!-- plans: ', start + 1);
  await writeFile(explainFile, `${text.slice(0, start)}${body}${next === -1 ? '' : `\n${text.slice(next)}`}`);
}
