import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@threshold/api';
import { Button, ChoiceList, ErrorSummary, SelectField, TextField } from '@threshold/ui';
import { type BadgeFormat, type VisitorCategory, visitorCategories } from '@threshold/validators';
import type { inferRouterOutputs } from '@trpc/server';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '../api.ts';
import { formErrorsOf } from '../form-errors.ts';
import { categoryLabel } from '../labels.ts';
import './site-settings.css';

type Stored = inferRouterOutputs<AppRouter>['sites']['get'];

const numberFields = [
  'idleTimeoutSeconds',
  'badgeReturnSeconds',
  'signatureValidMonths',
  'escortConfirmSeconds',
  'expectedVisitMinutes',
  'escortTrainingValidMonths',
  'escortConfirmTargetMinutes',
] as const;
type NumberField = (typeof numberFields)[number];
const FIELDS = ['name', 'timezone', 'concealed', 'visitorCategories', 'badgeFormat', 'closingTime', ...numberFields];

const badgeChoices = [
  { value: 'label-62mm', label: '62 mm label roll (label printer)' },
  { value: 'a6', label: 'A6 sheet' },
] as const satisfies readonly { value: BadgeFormat; label: string }[];

/** Every IANA zone this browser knows, with the stored one kept even if it does not. */
function timeZones(stored: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(stored) ? zones : [stored, ...zones];
}

/** How the kiosk behaves at this site, and the organisation's escort rules. Admins only. */
export function SiteSettingsPage({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.sites.get.queryOptions({ siteId }));
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h1 id="settings-title">Site settings</h1>
      {settings.error ? <p role="alert">{settings.error.message}</p> : null}
      {settings.data ? <SettingsForm key={siteId} siteId={siteId} stored={settings.data} /> : null}
    </section>
  );
}

function SettingsForm({ siteId, stored }: { siteId: string; stored: Stored }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(stored.site.name);
  const [timezone, setTimezone] = useState(stored.site.timezone);
  const [concealed, setConcealed] = useState(stored.site.concealed);
  const [categories, setCategories] = useState<VisitorCategory[]>(stored.site.visitorCategories);
  const [badgeFormat, setBadgeFormat] = useState<BadgeFormat>(stored.site.badgeFormat);
  const [closingTime, setClosingTime] = useState(stored.site.closingTime);
  const [numbers, setNumbers] = useState<Record<NumberField, string>>(() => {
    const all = { ...stored.site, ...stored.organisation };
    return Object.fromEntries(numberFields.map((f) => [f, String(all[f])])) as Record<NumberField, string>;
  });
  const save = useMutation(
    trpc.sites.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.sites.get.queryKey() });
        // The header shows each site's name and time zone.
        void queryClient.invalidateQueries({ queryKey: trpc.staff.me.queryKey() });
      },
    }),
  );
  const errors = formErrorsOf(save.error, FIELDS);
  const numberInput = (field: NumberField, label: string, hint: string) => (
    <TextField
      label={label}
      hint={hint}
      type="number"
      inputMode="numeric"
      value={numbers[field]}
      onChange={(e) => setNumbers({ ...numbers, [field]: e.target.value })}
      error={errors.fields[field]}
    />
  );
  // Offered categories first, in the kiosk's order, then the rest of the product's categories.
  const ordered = [...categories, ...visitorCategories.filter((c) => !categories.includes(c))];
  const toggle = (c: VisitorCategory) =>
    setCategories(categories.includes(c) ? categories.filter((x) => x !== c) : [...categories, c]);
  const moveUp = (c: VisitorCategory) => {
    const i = categories.indexOf(c);
    const before = categories[i - 1];
    if (i < 1 || before === undefined) return;
    const next = [...categories];
    next.splice(i - 1, 2, c, before);
    setCategories(next);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const asNumbers = Object.fromEntries(
      numberFields.map((f) => [f, numbers[f].trim() === '' ? Number.NaN : Number(numbers[f])]),
    ) as Record<NumberField, number>;
    save.mutate({
      siteId,
      name,
      timezone,
      concealed,
      visitorCategories: categories,
      badgeFormat,
      closingTime,
      ...asNumbers,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      <fieldset>
        <legend>This site</legend>
        <TextField
          label="Site name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
        />
        <SelectField
          label="Time zone"
          hint="Times and dates on the dashboard, badges and reports use it."
          value={timezone}
          options={timeZones(stored.site.timezone).map((zone) => ({ value: zone, label: zone }))}
          onChange={setTimezone}
          error={errors.fields.timezone}
        />
        <label className="settings-check">
          <input type="checkbox" checked={concealed} onChange={(e) => setConcealed(e.target.checked)} />
          <span>Concealed site (for example a refuge): its name is never printed on badges or in emails</span>
        </label>
      </fieldset>

      <fieldset aria-describedby="categories-hint">
        <legend>Visitor categories the kiosk offers</legend>
        <p id="categories-hint" className="th-field__hint">
          Tick the categories visitors choose from, and put them in the order the kiosk shows them.
        </p>
        {errors.fields.visitorCategories ? (
          <p className="th-field__error" role="alert">
            {errors.fields.visitorCategories}
          </p>
        ) : null}
        <ul className="settings-categories">
          {ordered.map((c) => {
            const position = categories.indexOf(c);
            return (
              <li key={c}>
                <label className="settings-check">
                  <input type="checkbox" checked={position >= 0} onChange={() => toggle(c)} />
                  <span>{categoryLabel[c]}</span>
                </label>
                {position > 0 ? (
                  <Button variant="link" onClick={() => moveUp(c)}>
                    {/* The name starts with the words on the button, so speech control finds it by what it says. */}
                    Move up<span className="th-visually-hidden">: {categoryLabel[c]}</span>
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset>
        <legend>Kiosk</legend>
        {numberInput(
          'idleTimeoutSeconds',
          'Idle timeout (seconds)',
          'After this long untouched, the kiosk clears the screen and starts again. 20 to 600.',
        )}
        {numberInput(
          'badgeReturnSeconds',
          'Badge screen returns to the start after (seconds)',
          'So the next person never reads the name and sign-out code. The visitor sees the countdown and can keep the badge on screen longer. 20 to 120.',
        )}
        {numberInput(
          'signatureValidMonths',
          'Signature valid for (months)',
          '0: the form is signed at every visit. Otherwise a signature of the same version within this many months is accepted.',
        )}
        <ChoiceList
          legend="Badge format"
          name="badgeFormat"
          choices={badgeChoices}
          value={badgeFormat}
          onChange={setBadgeFormat}
          error={errors.fields.badgeFormat}
        />
      </fieldset>

      <fieldset>
        <legend>Escorts and visits at this site</legend>
        {numberInput(
          'escortConfirmSeconds',
          'Time for an escort to confirm (seconds)',
          'After this long without a confirmed escort, a "visitor astray" alert is raised. 60 to 3600.',
        )}
        {numberInput(
          'expectedVisitMinutes',
          'Expected visit length (minutes)',
          'A visit longer than this is flagged as overrunning. 15 to 1440.',
        )}
        <TextField
          label="Closing time"
          hint="Local time at this site. Visitors still signed in then are marked “Departure not confirmed” (never signed out on a guess) until someone records when they left."
          type="time"
          value={closingTime}
          onChange={(e) => setClosingTime(e.target.value)}
          error={errors.fields.closingTime}
        />
      </fieldset>

      <fieldset>
        <legend>For the whole organisation (every site)</legend>
        {numberInput(
          'escortTrainingValidMonths',
          'Safeguarding training valid for (months)',
          'Escorts whose training is older cannot be assigned. 1 to 36.',
        )}
        {numberInput(
          'escortConfirmTargetMinutes',
          'Target time to confirm an escort (minutes)',
          'Used for compliance reports. 1 to 120.',
        )}
      </fieldset>

      <ErrorSummary
        title="Nothing was saved"
        message={
          Object.keys(errors.fields).length > 0
            ? 'Correct the settings marked in red, then save again.'
            : errors.message
        }
      />
      <Button type="submit" disabled={save.isPending}>
        Save settings
      </Button>
      {save.data ? (
        <p role="status" className="admin-ok">
          {save.data.changed.length === 0
            ? 'Nothing had changed.'
            : `Saved. ${save.data.changed.length} setting${save.data.changed.length === 1 ? '' : 's'} changed; the change is recorded.`}
        </p>
      ) : null}
    </form>
  );
}
