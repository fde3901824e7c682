import { randomUUID } from 'node:crypto';
import {
  consumeVisitCode,
  type Db,
  findVisitByIdempotencyKey,
  insertVisitOnce,
  isPgError,
  type Tx,
  transactionWithPipelinedBegin,
  writeSignInRecords,
} from '@threshold/db';
import type { signInInput } from '@threshold/validators';
import type { z } from 'zod';
import { signInCache } from '../cache/sign-in-cache.ts';
import type { AfterCommitTask } from '../jobs/after-commit.ts';
import { auditRows } from './audit.ts';
import {
  type Screening,
  screenedVisitState,
  screeningAlertTask,
  screeningCheckedAudit,
  screeningRecord,
  screenName,
} from './deny-list/screening.ts';
import { verifyJourneyDocuments } from './documents.ts';
import { DomainError } from './errors.ts';
import { visitChangeEvents } from './escort/context.ts';
import type { KioskDevice } from './kiosk-device.ts';
import {
  decodePng,
  lateness,
  overSignInLimits,
  SIGN_IN_LIMITS,
  SIGN_IN_TOO_MANY,
  type SignInLimits,
  signInCounts,
  signInTime,
} from './sign-in-rules.ts';
import { checkSignatureReference, REFERENCE_REFUSED, signatureForVisit } from './signature-reuse.ts';
import { visitCodeToTry } from './visit-codes.ts';

export type SignInData = z.output<typeof signInInput>;

export interface SignInReceipt {
  visitId: string;
  visitCode: string;
  signedInAt: Date;
  replayed: boolean;
  /** A new secret reference to reuse this signature next time (sites that allow it), shown once. */
  signatureReference: string | null;
}

const CODE_ATTEMPTS = 8;

/**
 * Records a visitor's whole journey exactly once: the visit, the signature on the exact form version, the
 * policies received, the no-photography acknowledgement, the emailed copy (if asked for), the audit event and the
 * work that follows (live board, escort timers) commit together, so once it commits nothing can fail the answer.
 * A retried submit with the same idempotency key returns the first receipt.
 */
export async function signInVisitor(
  db: Db,
  device: KioskDevice,
  input: SignInData,
  now: Date = new Date(),
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<SignInReceipt> {
  // The deny-list lookup runs beside the site's settings, outside the transaction (see screenName).
  const [site, screening] = await Promise.all([
    signInCache.site(db, device.siteId),
    screenName(db, { organisationId: device.organisationId, fullName: input.fullName }),
  ]);
  if (!site) throw new Error('kiosk device references a missing site');
  const signedInAt = signInTime(input.signedAt, device.pairedAt, now);
  const formShown = input.signature ?? input.reusedSignature;
  if (!formShown)
    throw new DomainError('BAD_REQUEST', {
      field: 'signature',
      key: 'signature.missing',
      message: 'Please sign in the box',
    });
  const newSignature = input.signature ? { png: decodePng(input.signature.imagePng), input: input.signature } : null;
  // Counted outside the transaction (a refusal rolls it back), so guessing references through sign-in is limited.
  if (input.reusedSignature) {
    const check = await checkSignatureReference(db, {
      device,
      validMonths: site.signatureValidMonths,
      reused: input.reusedSignature,
      fullName: input.fullName,
      now,
    });
    if (!check.accepted) throw new DomainError('CONFLICT', REFERENCE_REFUSED);
  }
  const journey: Journey = { device, site, input, now, signedInAt, newSignature, formShown, limits, screening };
  for (let attempt = 1; ; attempt++) {
    try {
      // Only the first attempt uses the tablet's code: a clash means someone else holds it.
      const code = {
        proposed: attempt === 1 ? input.visitCode : undefined,
        replacesTablets: attempt > 1 && input.visitCode !== undefined,
        check: attempt < CODE_ATTEMPTS,
      };
      // BEGIN goes with the journey's statements: the whole attempt is one round trip, then COMMIT.
      return await transactionWithPipelinedBegin(db, (tx) => recordJourney(tx, journey, code));
    } catch (err) {
      if (err instanceof Replayed) return replayedReceipt(db, device, input);
      // Another tablet or visitor holds the code, or a visitor signing in at the same moment drew it: draw again.
      if (attempt < CODE_ATTEMPTS && (err instanceof CodeTaken || isPgError(err, '23505'))) continue;
      throw err;
    }
  }
}

interface Journey {
  device: KioskDevice;
  site: { signatureValidMonths: number; escortConfirmSeconds: number; expectedVisitMinutes: number };
  input: SignInData;
  now: Date;
  signedInAt: Date;
  newSignature: { png: Buffer; input: NonNullable<SignInData['signature']> } | null;
  formShown: NonNullable<SignInData['signature'] | SignInData['reusedSignature']>;
  limits: SignInLimits;
  screening: Screening;
}

/** This attempt's visit code is held by another tablet or a visitor on site. */
class CodeTaken extends Error {}

/** The tablet already sent this journey: the attempt rolls back and the first visit's receipt is read. */
class Replayed extends Error {}

async function recordJourney(
  tx: Tx,
  j: Journey,
  code: { proposed: string | undefined; replacesTablets: boolean; check: boolean },
): Promise<SignInReceipt> {
  const { device, input, signedInAt } = j;
  const visitCode = visitCodeToTry(code.proposed);
  const docs = await verifyJourneyDocuments(tx, {
    siteId: device.siteId,
    language: input.language,
    at: signedInAt,
    now: j.now,
    shown: {
      form: j.formShown,
      confidentialityPolicy: input.confidentialityPolicy,
      disclosurePolicy: input.disclosurePolicy,
      noPhotography: input.noPhotography,
    },
  });
  const { newReference, ...signature } = await signatureForVisit(tx, {
    device,
    validMonths: j.site.signatureValidMonths,
    signature: j.newSignature,
    reused: input.reusedSignature ?? null,
    fullName: input.fullName,
    now: signedInAt,
  });
  const usesReservedCode = visitCode === code.proposed;
  const reservation = { siteId: device.siteId, deviceId: device.id, code: visitCode };
  // Only a sign-in kept through an outage on a reserved code is left out of the minute's count, so only then is the
  // code consumed (and its answer awaited) before the rest is sent: one more round trip, after an outage.
  const late = lateness(j.now, signedInAt).deliveredLateSeconds !== undefined;
  const keptThroughOutage = usesReservedCode && late && (await consumeVisitCode(tx, reservation));
  // The visit's id is made here so that its records need no answer from the database: both statements are sent at
  // once and postgres.js pipelines them on the transaction's connection (one round trip). If the visit is not
  // inserted (the tablet resent it), its records fail their foreign keys and the whole attempt rolls back.
  const visit = { organisationId: device.organisationId, siteId: device.siteId, id: randomUUID() };
  const ack = (doc: { id: string; sha256: string }, kind: 'policy_received' | 'no_photography') => ({
    visitId: visit.id,
    documentId: doc.id,
    documentSha256: doc.sha256,
    kind,
    acknowledgedAt: signedInAt,
  });
  const [created, written] = await Promise.allSettled([
    insertVisitOnce(tx, {
      ...visit,
      kioskDeviceId: device.id,
      idempotencyKey: input.idempotencyKey,
      visitorName: input.fullName,
      visitorOrganisation: input.organisation,
      category: input.category,
      purpose: input.purpose,
      hostName: input.hostName,
      // Matched after the commit (host_match below), so nothing here depends on whether the name is anyone's.
      hostStaffId: null,
      visitorEmail: input.email ?? null,
      language: input.language,
      state: screenedVisitState(j.screening),
      visitCode,
      signedInAt,
    }),
    writeSignInRecords(tx, {
      // Counted only for a new visit (a resent one rolls back) and rolled back with a refusal, like everything here.
      limits: signInCounts(device, keptThroughOutage),
      codeCheck: code.check ? reservation : null,
      consumedCode: usesReservedCode && !late ? reservation : null,
      signature: { visitId: visit.id, documentId: docs.form.id, ...signature },
      acknowledgements: [
        ack(docs.confidentialityPolicy, 'policy_received'),
        ack(docs.disclosurePolicy, 'policy_received'),
        ack(docs.noPhotography, 'no_photography'),
      ],
      copy: input.email
        ? {
            organisationId: device.organisationId,
            siteId: device.siteId,
            visitId: visit.id,
            template: 'signed_form_copy',
            toAddress: input.email,
          }
        : null,
      screening: screeningRecord({ visit, kioskDeviceId: device.id, screening: j.screening, now: j.now }),
      // The sign-in's entry and its screening's.
      audits: auditRows([
        {
          actor: { type: 'kiosk', id: device.id },
          scope: { organisationId: device.organisationId, siteId: device.siteId, visitId: visit.id },
          event: {
            type: 'visit.signed_in',
            data: {
              category: input.category,
              language: input.language,
              formDocumentId: docs.form.id,
              acknowledgedDocumentIds: [docs.confidentialityPolicy.id, docs.disclosurePolicy.id, docs.noPhotography.id],
              copyEmailed: input.email !== undefined,
              signatureReused: signature.reusedFromVisitId !== null,
              ...lateness(j.now, signedInAt),
              ...(code.replacesTablets ? { visitCodeReplaced: true } : {}),
            },
          },
        },
        screeningCheckedAudit({ visit, kioskDeviceId: device.id, screening: j.screening }),
      ]),
      // Work to follow the commit (see afterCommit).
      jobs: [
        screeningAlertTask(visit.id),
        ...visitChangeEvents(visit, []).map((event) => ({ kind: 'live_event' as const, payload: event })),
        // The typed host is matched, and assigned if they may escort, once this commits (see matchHostsAfterSignIn).
        { kind: 'host_match', payload: { visitId: visit.id } },
        {
          kind: 'visit_checks',
          payload: {
            visitId: visit.id,
            signedInAt,
            escortConfirmSeconds: j.site.escortConfirmSeconds,
            expectedVisitMinutes: j.site.expectedVisitMinutes,
          },
        },
      ] satisfies AfterCommitTask[],
    }),
  ]);
  if (created.status === 'fulfilled' && created.value === null) throw new Replayed();
  if (written.status === 'fulfilled' && written.value.codeTaken) throw new CodeTaken();
  failIfAnyFailed([created, written]);
  if (created.status !== 'fulfilled' || created.value === null || written.status !== 'fulfilled') {
    throw new Error('sign-in statements settled without an answer');
  }
  // Everything written above is rolled back with this refusal.
  if (overSignInLimits(written.value.counts, j.limits)) throw new DomainError('TOO_MANY_REQUESTS', SIGN_IN_TOO_MANY);
  return {
    visitId: created.value.id,
    visitCode: created.value.visitCode,
    signedInAt: created.value.signedInAt,
    replayed: false,
    signatureReference: newReference,
  };
}

/**
 * Throws the first statement's own error: once one fails, the ones after it fail only because the transaction was
 * aborted (25P02), which says nothing of the cause.
 */
function failIfAnyFailed(settled: PromiseSettledResult<unknown>[]): void {
  const errors = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (errors.length > 0) throw errors.find((e) => !isPgError(e, '25P02')) ?? errors[0];
}

/** The first receipt of a journey the tablet sent again; the reference is shown once, so a replay cannot reveal it. */
async function replayedReceipt(db: Db, device: KioskDevice, input: SignInData): Promise<SignInReceipt> {
  const first = await findVisitByIdempotencyKey(db, { kioskDeviceId: device.id, idempotencyKey: input.idempotencyKey });
  if (!first) throw new Error('idempotency conflict without a stored visit');
  return {
    visitId: first.id,
    visitCode: first.visitCode,
    signedInAt: first.signedInAt,
    replayed: true,
    signatureReference: null,
  };
}
