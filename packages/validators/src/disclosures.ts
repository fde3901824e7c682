import { z } from 'zod';
import { isoDay } from './dates.ts';
import { checkDayOrder, periodDay } from './period.ts';
import { exportReason } from './reports.ts';
import { text } from './text.ts';

// The disclosure register (policy 001): every request for information from another agency or person.

export const consentStates = ['sought_and_obtained', 'sought_and_refused', 'not_sought'] as const;
export const consentState = z.enum(consentStates, { error: 'Choose whether consent was sought' });
export type ConsentState = z.infer<typeof consentState>;

export const consentLabels: Record<ConsentState, string> = {
  sought_and_obtained: 'Sought and obtained',
  sought_and_refused: 'Sought and refused',
  not_sought: 'Not sought',
};

/** The most visits one request links to: a request about more people is recorded as several. */
export const MAX_DISCLOSURE_VISITS = 50;

const line = (error: string, max: number) =>
  text({ error, trim: true }).pipe(z.string().max(max, `At most ${max} characters`));
const note = (max: number) =>
  text({ multiline: true, trim: true }).pipe(z.string().max(max, `At most ${max} characters`));
const optionalDay = (error: string) => z.union([z.literal('').transform(() => null), isoDay(error)]).nullable();

const disclosureFields = {
  requesterName: line('Enter who made the request', 200).pipe(z.string().min(1, 'Enter who made the request')),
  requesterRole: line('Enter their role', 200),
  agency: line('Enter the agency or say "private individual"', 200).pipe(
    z.string().min(1, 'Enter the agency or say "private individual"'),
  ),
  receivedOn: isoDay('Enter the date the request was received as YYYY-MM-DD'),
  requested: note(4000).pipe(z.string().min(1, 'Describe what was asked for')),
  consent: consentState,
  reasonWithoutConsent: note(4000),
  toldOn: optionalDay('Enter the date the person was told as YYYY-MM-DD'),
  notToldReason: note(2000),
  released: note(4000),
  releasedOn: optionalDay('Enter the date of release as YYYY-MM-DD'),
  decidedByStaffId: text({ error: 'Choose who decided' })
    .min(1, { error: 'Choose who decided' })
    .max(64, { error: 'Choose who decided' }),
  visitIds: z
    .array(z.uuid({ error: 'A linked visit is not a visit' }))
    .max(MAX_DISCLOSURE_VISITS, `Link at most ${MAX_DISCLOSURE_VISITS} visits`),
};

type Fields = z.infer<z.ZodObject<typeof disclosureFields>>;

/** The policy's rules between fields, each reported on the field to fix. */
function checkDisclosure(d: Fields, ctx: z.RefinementCtx) {
  if (d.consent !== 'sought_and_obtained' && d.reasonWithoutConsent === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['reasonWithoutConsent'],
      message: 'Give the reason for disclosing without the person’s consent',
    });
  }
  if (d.toldOn === null && d.notToldReason === '') {
    ctx.addIssue({ code: 'custom', path: ['notToldReason'], message: 'Give the date the person was told, or why not' });
  }
  if (d.toldOn !== null && d.notToldReason !== '') {
    ctx.addIssue({ code: 'custom', path: ['notToldReason'], message: 'The person was told: leave the reason empty' });
  }
  if (d.releasedOn !== null && d.released === '') {
    ctx.addIssue({ code: 'custom', path: ['released'], message: 'Describe what was released on that date' });
  }
  if (d.released !== '' && d.releasedOn === null) {
    ctx.addIssue({ code: 'custom', path: ['releasedOn'], message: 'Enter the date it was released' });
  }
  if (d.releasedOn !== null && d.releasedOn < d.receivedOn) {
    ctx.addIssue({ code: 'custom', path: ['releasedOn'], message: 'The release cannot be before the request' });
  }
  if (d.toldOn !== null && d.toldOn < d.receivedOn) {
    ctx.addIssue({ code: 'custom', path: ['toldOn'], message: 'The person cannot be told before the request' });
  }
}

export const disclosureCreateInput = z.object(disclosureFields).superRefine(checkDisclosure);
export const disclosureUpdateInput = z
  .object({ ...disclosureFields, id: z.uuid({ error: 'No such disclosure' }) })
  .superRefine(checkDisclosure);
export type DisclosureFields = Fields;
export const disclosureIdInput = z.object({ id: z.uuid({ error: 'No such disclosure' }) });

const listFields = {
  from: periodDay('start').optional(),
  to: periodDay('end').optional(),
  consent: consentState.optional(),
};
export const disclosureListInput = z.object(listFields).superRefine((p, ctx) => void checkDayOrder(p, ctx));
export const disclosureExportInput = z
  .object({ ...listFields, reason: exportReason })
  .superRefine((p, ctx) => void checkDayOrder(p, ctx));
