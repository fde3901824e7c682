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
  /** Returns an error message (already translated) or null. */
  validate: (value: string) => string | null;
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
  onContinue,
  input,
  ...screen
}: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = validate(value);
    setError(problem);
    if (!problem) onContinue();
  };
  return (
    <Screen title={question} focusField {...screen}>
      {why ? <p className="kiosk-why">{why}</p> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={question}
          hideLabel
          hint={hint}
          className="kiosk-question"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          error={error ?? undefined}
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
