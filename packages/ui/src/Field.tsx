import { type InputHTMLAttributes, useId } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** When the page heading already asks the question, the label is kept for screen readers only. */
  hideLabel?: boolean;
}

/** A labelled input whose hint and error are announced with it (aria-describedby), error next to the field. */
export function TextField({ label, hint, error, className, hideLabel, ...rest }: TextFieldProps) {
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
      <input
        id={id}
        className="th-field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
    </div>
  );
}
