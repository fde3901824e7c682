import { type ReactNode, useId } from 'react';

export interface FieldSetProps {
  legend: string;
  error?: string | undefined;
  className: string;
  children: ReactNode;
}

/** A group of controls under one question (the legend), its error announced with the group and shown above it. */
export function FieldSet({ legend, error, className, children }: FieldSetProps) {
  const id = useId();
  return (
    <fieldset
      className={[className, error ? 'th-field--error' : null].filter(Boolean).join(' ')}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="th-field__label">{legend}</legend>
      {error ? (
        <p id={`${id}-error`} className="th-field__error" role="alert">
          {error}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}
