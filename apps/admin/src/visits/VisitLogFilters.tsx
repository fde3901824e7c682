import { Button, SelectField, TextField } from '@threshold/ui';
import {
  type LogExceptionKind,
  logExceptionKinds,
  logExceptionLabels,
  type VisitorCategory,
  type VisitState,
  visitorCategories,
  visitStates,
} from '@threshold/validators';
import type { FormEvent } from 'react';
import { categoryLabel, stateLabel } from '../labels.ts';

export interface LogFilters {
  from: string;
  to: string;
  category: VisitorCategory | '';
  state: VisitState | '';
  escortStaffId: string;
  exception: LogExceptionKind | 'any' | '';
  name: string;
}

export const noFilters: LogFilters = {
  from: '',
  to: '',
  category: '',
  state: '',
  escortStaffId: '',
  exception: '',
  name: '',
};

/** The log's search form: a name, site-local dates, and what to narrow to. Searches only when submitted. */
export function VisitLogFilters({
  value,
  onChange,
  onSearch,
  escorts,
  errors,
  searching,
}: {
  value: LogFilters;
  onChange: (next: LogFilters) => void;
  onSearch: (filters: LogFilters) => void;
  escorts: { staffId: string; name: string }[];
  errors: Record<string, string>;
  searching: boolean;
}) {
  const set =
    <K extends keyof LogFilters>(key: K) =>
    (v: LogFilters[K]) =>
      onChange({ ...value, [key]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(value);
  };
  const any = (label: string) => ({ value: '' as const, label });
  return (
    <form className="log-filters" onSubmit={submit} noValidate aria-label="Search the visit log">
      <TextField
        className="log-filters__name"
        label="Visitor’s name"
        hint="Whole words or their beginnings, in any order: “mar cur” finds Marie Curie."
        value={value.name}
        onChange={(e) => set('name')(e.target.value)}
        error={errors.name}
        autoComplete="off"
        type="search"
      />
      <TextField
        label="From"
        type="date"
        value={value.from}
        onChange={(e) => set('from')(e.target.value)}
        error={errors.from}
      />
      <TextField
        label="To"
        type="date"
        value={value.to}
        onChange={(e) => set('to')(e.target.value)}
        error={errors.to}
      />
      <SelectField
        label="Exceptions"
        value={value.exception}
        onChange={set('exception')}
        error={errors.exception}
        options={[
          any('All visits'),
          { value: 'any' as const, label: 'Any exception' },
          ...logExceptionKinds.map((k) => ({ value: k, label: logExceptionLabels[k] })),
        ]}
      />
      <SelectField
        label="Category"
        value={value.category}
        onChange={set('category')}
        error={errors.category}
        options={[any('Any category'), ...visitorCategories.map((c) => ({ value: c, label: categoryLabel[c] }))]}
      />
      <SelectField
        label="State"
        value={value.state}
        onChange={set('state')}
        error={errors.state}
        options={[any('Any state'), ...visitStates.map((s) => ({ value: s, label: stateLabel[s] }))]}
      />
      <SelectField
        label="Escort"
        value={value.escortStaffId}
        onChange={set('escortStaffId')}
        error={errors.escortStaffId}
        options={[any('Any escort'), ...escorts.map((e) => ({ value: e.staffId, label: e.name }))]}
      />
      <div className="log-filters__actions">
        <Button type="submit" disabled={searching}>
          Search
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            onChange(noFilters);
            onSearch(noFilters);
          }}
        >
          Show all visits
        </Button>
      </div>
    </form>
  );
}
