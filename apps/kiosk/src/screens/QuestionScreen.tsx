import { Button, TextField } from '@threshold/ui';
import { type FormEvent, type InputHTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  question: string;
  why?: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  /** Checks the answer: an error message (already translated) or null; it may wait (the shared schemas load on demand). */
  validate: (value: string) => string | null | Promise<string | null>;
  /** The error to show when the caller keeps it (so it follows a change of language); otherwise the last check's. */
  error?: string | null;
  onContinue: () => void;
  input?: Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'inputMode' | 'autoCapitalize' | 'maxLength'>;
}

/** A single question with one text answer, in the GOV.UK one-thing-per-page pattern. */
export function QuestionScreen({
  question,
  why,
  hint,
  value,
  onChange,
  validate,
  error: shownError,
  onContinue,
  input,
  ...screen
}: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const problem = await validate(value);
    setError(problem);
    // Nothing advances; the field takes the focus, so its error is announced and the keyboard stays up.
    if (problem) form.querySelector('input')?.focus();
    else onContinue();
  };
  return (
    <Screen title={question} focusField {...screen}>
      {why ? <p className="kiosk-why">{why}</p> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={question}
          hideLabel
          hint={hint}
          className="kiosk-question"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          error={(shownError === undefined ? error : shownError) ?? undefined}
          {...input}
        />
        <div className="kiosk-actions">
          <Button type="submit" size="large">
            {t('app.continue')}
          </Button>
        </div>
      </form>
    </Screen>
  );
}
