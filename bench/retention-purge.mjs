// Retention purge time: N expired visits (each with its signature, three acknowledgements, an alert, an escort
// assignment and an email, as a real visit has) plus one held visit, on a fresh migrated PostgreSQL; the purge runs as
// the owner role in its 500-visit transactions while a probe times single-row sign-in-like inserts beside it.
// Run with `node --import tsx bench/retention-purge.mjs [--visits 20000]`.
import '@threshold/db/testing/keys';
import { randomUUID } from 'node:crypto';
import { runRetentionPurge } from '@threshold/api';
import { createDb, sealAuditChain, verifyAuditChain } from '@threshold/db';
import { sealedSignature, sealedVisit, startTestDatabase } from '@threshold/db/testing';

const at = process.argv.indexOf('--visits');
const VISITS = at === -1 ? 20_000 : Number(process.argv[at + 1]);

const database = await startTestDatabase();
const owner = createDb(database.ownerUrl, { max: 4 });
const app = createDb(database.appUrl, { max: 2 });
try {
  const sql = owner.sql;
  const [org] = await sql`insert into organisation (name) values ('Bench') returning id`;
  const [site] = await sql`insert into site (organisation_id, name) values (${org.id}, 'Bench site') returning id`;
  const staffId = randomUUID();
  await sql`insert into staff (id, organisation_id, name, email) values (${staffId}, ${org.id}, 'Bench', ${`${staffId}@x`})`;
  const docs = [];
  for (const kind of ['visitor_confidentiality', 'visitor_policy', 'no_photography']) {
    const [d] = await sql`insert into policy_document (organisation_id, site_id, kind, language, version, title, body,
                            sha256, published_at)
                          values (${org.id}, ${site.id}, ${kind}, 'en', 1, ${kind}, 'Body', 'x', now()) returning id`;
    docs.push(d.id);
  }
  const v = sealedVisit({ name: 'Bench Visitor', organisation: 'Bench Ltd', purpose: 'Bench' });
  const sig = sealedSignature('Bench Visitor', Buffer.from('png'));
  const loadStarted = Date.now();
  // Signed in and out four years ago, a minute apart each.
  await sql`
    insert into visit (organisation_id, site_id, idempotency_key, visitor_name, visitor_name_index, visitor_organisation,
                       purpose, category, state, visit_code, signed_in_at, signed_out_at)
    select ${org.id}, ${site.id}, gen_random_uuid(), ${v.visitor_name}, ${v.visitor_name_index}::text[],
           ${v.visitor_organisation}, ${v.purpose}, 'volunteer', 'signed_out', 'B' || g,
           now() - interval '4 years' + g * interval '1 minute', now() - interval '4 years' + g * interval '1 minute' + interval '1 hour'
    from generate_series(1, ${VISITS + 1}) g`;
  await sql`insert into visit_signature (visit_id, document_id, document_sha256, typed_name, signature_png, signed_at)
            select id, ${docs[0]}, 'x', ${sig.typed_name}, ${sig.signature_png}, signed_in_at from visit where site_id = ${site.id}`;
  for (const [i, doc] of docs.entries()) {
    await sql`insert into visit_acknowledgement (visit_id, document_id, kind, document_sha256, acknowledged_at)
              select id, ${doc}, ${`k${i}`}, 'x', signed_in_at from visit where site_id = ${site.id}`;
  }
  await sql`insert into alert (organisation_id, site_id, visit_id, kind, raised_at, acknowledged_at)
            select ${org.id}, ${site.id}, id, 'escort_unconfirmed', signed_in_at, signed_in_at from visit where site_id = ${site.id}`;
  await sql`insert into escort_assignment (visit_id, staff_id, assigned_at, ended_at)
            select id, ${staffId}, signed_in_at, signed_out_at from visit where site_id = ${site.id}`;
  await sql`insert into outbox_message (organisation_id, site_id, visit_id, template, status)
            select ${org.id}, ${site.id}, id, 'host_arrival', 'sent' from visit where site_id = ${site.id}`;
  const [heldVisit] = await sql`select id from visit where site_id = ${site.id} order by signed_in_at limit 1`;
  await sql`insert into safeguarding_hold (organisation_id, site_id, visit_id, reason, review_by, placed_by_staff_id, placed_at)
            values (${org.id}, ${site.id}, ${heldVisit.id}, 'legal_request', '2040-01-01', ${staffId}, now())`;
  await sql`analyze`;
  console.log(`loaded ${VISITS + 1} visits with their rows in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

  // A probe beside the purge: how long a one-row insert into a site's visits waits while batches commit.
  const probes = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await app.sql`insert into visit (organisation_id, site_id, idempotency_key, visitor_name, visitor_organisation,
                                       purpose, category, state, visit_code)
                    values (${org.id}, ${site.id}, gen_random_uuid(), ${v.visitor_name}, ${v.visitor_organisation},
                            ${v.purpose}, 'volunteer', 'awaiting_escort', ${`P${probes.length}`})`;
      probes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const [result] = await runRetentionPurge(owner.db, { now: new Date(), trigger: 'command', organisationId: org.id });
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await probe;
  probes.sort((a, b) => a - b);
  const p = (q) => probes[Math.min(probes.length - 1, Math.floor(q * probes.length))]?.toFixed(1);
  console.log(
    `purged ${result.counts.visits} visits (${result.counts.signatures} signatures, ${result.counts.acknowledgements} acknowledgements, ` +
      `${result.counts.alerts} alerts, ${result.counts.escortAssignments} assignments, ${result.counts.outboxMessages} emails) ` +
      `in ${seconds.toFixed(1)} s = ${Math.round(result.counts.visits / seconds)} visits/s; kept under a hold: ${result.skippedHeld}`,
  );
  console.log(`insert beside the purge: ${probes.length} probes, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`);
  await sealAuditChain(app.db, { organisationId: org.id, graceMs: 0 });
  const chain = await verifyAuditChain(app.db, { organisationId: org.id });
  console.log(
    `audit chain after the purge: ${chain.intact ? `intact, ${chain.sealed} rows` : `BROKEN: ${chain.reason}`}`,
  );
} finally {
  await app.close();
  await owner.close();
  await database.stop();
}
