import { TextField } from '@threshold/ui';

export interface Period {
  from: string;
  to: string;
}

/** The "From" and "To" days of a period (site-local dates), with their field errors. */
export function PeriodFields({
  value,
  onChange,
  errors,
}: {
  value: Period;
  onChange: (period: Period) => void;
  errors: { from?: string | undefined; to?: string | undefined };
}) {
  return (
    <>
      <TextField
        label="From"
        type="date"
        value={value.from}
        onChange={(e) => onChange({ ...value, from: e.target.value })}
        error={errors.from}
      />
      <TextField
        label="To"
        type="date"
        value={value.to}
        onChange={(e) => onChange({ ...value, to: e.target.value })}
        error={errors.to}
      />
    </>
  );
}
