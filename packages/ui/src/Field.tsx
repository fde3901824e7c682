import { type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes, useId } from 'react';

interface FieldFrameProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string | undefined;
  /** When the page heading already asks the question, the label is kept for screen readers only. */
  hideLabel?: boolean | undefined;
  /** The control itself, given the ids that tie it to its label, hint and error. */
  children: (control: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': true | undefined;
  }) => ReactNode;
}

/** A label, hint and error around one control, announced with it (aria-describedby), the error next to the field. */
function FieldFrame({ label, hint, error, className, hideLabel, children }: FieldFrameProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['th-field', error ? 'th-field--error' : null, className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className={hideLabel ? 'th-visually-hidden' : 'th-field__label'}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="th-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="th-field__error" role="alert">
          {error}
        </p>
      ) : null}
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  error?: string | undefined;
  hideLabel?: boolean;
}

/** A labelled input. */
export function TextField({ label, hint, error, className, hideLabel, ...rest }: TextFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error} className={className} hideLabel={hideLabel}>
      {(control) => <input className="th-field__input" {...control} {...rest} />}
    </FieldFrame>
  );
}

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: string;
  error?: string | undefined;
}

/** A labelled, resizable text box. */
export function TextAreaField({ label, hint, error, className, ...rest }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => (
        <textarea className={['th-field__input', className].filter(Boolean).join(' ')} {...control} {...rest} />
      )}
    </FieldFrame>
  );
}

export interface SelectFieldProps<T extends string> {
  label: string;
  hint?: string;
  error?: string | undefined;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}

/** A labelled drop-down list whose choices are typed: only one of `options` is ever passed to `onChange`. */
export function SelectField<T extends string>({ label, hint, error, value, options, onChange }: SelectFieldProps<T>) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(control) => (
        <select
          className="th-field__input"
          value={value}
          onChange={(e) => {
            const chosen = options.find((o) => o.value === e.target.value);
            if (chosen) onChange(chosen.value);
          }}
          {...control}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
