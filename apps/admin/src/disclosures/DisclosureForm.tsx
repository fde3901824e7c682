import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ChoiceList, ErrorSummary, SelectField, TextAreaField, TextField } from '@threshold/ui';
import { type ConsentState, consentLabels, consentStates } from '@threshold/validators';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { type DisclosureDraft, inputOf } from './disclosure-types.ts';
import { VisitPicker } from './VisitPicker.tsx';

const FIELDS = [
  'requesterName',
  'requesterRole',
  'agency',
  'receivedOn',
  'requested',
  'consent',
  'reasonWithoutConsent',
  'toldOn',
  'notToldReason',
  'released',
  'releasedOn',
  'decidedByStaffId',
  'visitIds',
] as const;

const consentChoices = consentStates.map((value) => ({ value, label: consentLabels[value] }));

/**
 * Records a request for information, or changes one (`id`): who asked, what, consent and the reason without it,
 * whether the person was told, what was released and who decided. Each save is recorded in the audit trail.
 */
export function DisclosureForm({
  siteId,
  timeZone,
  id,
  initial,
  onSaved,
  onCancel,
}: {
  siteId: string;
  timeZone: string;
  id: string | null;
  initial: DisclosureDraft;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const deciders = useQuery(trpc.disclosures.deciders.queryOptions({ siteId }));
  const saved = {
    onSuccess: async (result: { id: string }) => {
      await queryClient.invalidateQueries({ queryKey: trpc.disclosures.pathKey() });
      onSaved(result.id);
    },
  };
  const create = useMutation(trpc.disclosures.create.mutationOptions(saved));
  const update = useMutation(trpc.disclosures.update.mutationOptions(saved));
  const save = id === null ? create : update;
  const errors = formErrorsOf(save.error, FIELDS);
  const set =
    <K extends keyof DisclosureDraft>(key: K) =>
    (value: DisclosureDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const needsReason = draft.consent !== null && draft.consent !== 'sought_and_obtained';
  const deciderOptions = [
    { value: '', label: 'Select a member of staff' },
    ...(deciders.data ?? []).map((s) => ({ value: s.id, label: s.name })),
  ];

  return (
    <form
      className="admin-panel disclosure-form"
      aria-label={id === null ? 'Record a request for information' : 'Change this request'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const input = { siteId, ...inputOf(draft) };
        if (id === null) create.mutate(input);
        else update.mutate({ ...input, id });
      }}
    >
      <h2>{id === null ? 'Record a request for information' : 'Change this request'}</h2>
      <ErrorSummary title="The request was not saved" message={errors.message} />
      <fieldset>
        <legend>Who asked</legend>
        <TextField
          label="Name of the person asking"
          value={draft.requesterName}
          onChange={(e) => set('requesterName')(e.target.value)}
          error={errors.fields.requesterName}
        />
        <TextField
          label="Their role (optional)"
          value={draft.requesterRole}
          onChange={(e) => set('requesterRole')(e.target.value)}
          error={errors.fields.requesterRole}
        />
        <TextField
          label="Agency"
          hint='Or "private individual"'
          value={draft.agency}
          onChange={(e) => set('agency')(e.target.value)}
          error={errors.fields.agency}
        />
        <TextField
          label="Date received"
          type="date"
          value={draft.receivedOn}
          onChange={(e) => set('receivedOn')(e.target.value)}
          error={errors.fields.receivedOn}
        />
      </fieldset>
      <TextAreaField
        label="What was asked for"
        value={draft.requested}
        onChange={(e) => set('requested')(e.target.value)}
        error={errors.fields.requested}
      />
      <ChoiceList<ConsentState>
        legend="Was the person’s consent sought?"
        name="consent"
        choices={consentChoices}
        value={draft.consent}
        onChange={set('consent')}
        error={errors.fields.consent}
      />
      {needsReason || errors.fields.reasonWithoutConsent ? (
        <TextAreaField
          label="Reason for disclosing without consent"
          value={draft.reasonWithoutConsent}
          onChange={(e) => set('reasonWithoutConsent')(e.target.value)}
          error={errors.fields.reasonWithoutConsent}
        />
      ) : null}
      <fieldset>
        <legend>Was the person told?</legend>
        <TextField
          label="Date they were told"
          hint="Leave empty if they were not told"
          type="date"
          value={draft.toldOn}
          onChange={(e) => set('toldOn')(e.target.value)}
          error={errors.fields.toldOn}
        />
        <TextAreaField
          label="Why they were not told"
          value={draft.notToldReason}
          onChange={(e) => set('notToldReason')(e.target.value)}
          error={errors.fields.notToldReason}
        />
      </fieldset>
      <fieldset>
        <legend>What was released</legend>
        <TextAreaField
          label="Information released"
          hint="Leave empty if nothing was released"
          value={draft.released}
          onChange={(e) => set('released')(e.target.value)}
          error={errors.fields.released}
        />
        <TextField
          label="Date released"
          type="date"
          value={draft.releasedOn}
          onChange={(e) => set('releasedOn')(e.target.value)}
          error={errors.fields.releasedOn}
        />
      </fieldset>
      <SelectField
        label="Who decided"
        value={draft.decidedByStaffId}
        options={deciderOptions}
        onChange={set('decidedByStaffId')}
        error={errors.fields.decidedByStaffId}
      />
      <VisitPicker
        siteId={siteId}
        timeZone={timeZone}
        value={draft.visits}
        onChange={set('visits')}
        error={errors.fields.visitIds}
      />
      <p className="admin-note">Saving records who saved it, and when, in the audit trail.</p>
      <div className="disclosure-form__actions">
        <Button type="submit" disabled={save.isPending}>
          {id === null ? 'Record request' : 'Save changes'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
