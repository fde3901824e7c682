import { FieldSet } from './FieldSet.tsx';

export interface Choice<T extends string> {
  value: T;
  label: string;
}

export interface ChoiceListProps<T extends string> {
  legend: string;
  name: string;
  choices: readonly Choice<T>[];
  value: T | null;
  onChange: (value: T) => void;
  error?: string | undefined;
}

/** Radio buttons drawn as large tappable cards; a fieldset with a legend so screen readers hear the question. */
export function ChoiceList<T extends string>({ legend, name, choices, value, onChange, error }: ChoiceListProps<T>) {
  return (
    <FieldSet legend={legend} error={error} className="th-choices">
      <div className="th-choices__grid">
        {choices.map((c) => (
          <label
            key={c.value}
            className={['th-choice', value === c.value ? 'th-choice--checked' : null].filter(Boolean).join(' ')}
          >
            <input
              type="radio"
              name={name}
              value={c.value}
              checked={value === c.value}
              onChange={() => onChange(c.value)}
            />
            <span>{c.label}</span>
          </label>
        ))}
      </div>
    </FieldSet>
  );
}
