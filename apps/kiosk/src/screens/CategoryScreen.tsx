import { Button, ChoiceList } from '@threshold/ui';
import type { VisitorCategory } from '@threshold/validators';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children' | 'title'> {
  categories: readonly VisitorCategory[];
  value: VisitorCategory | null;
  /** An error the server found in this answer (already translated), shown until the visitor chooses again. */
  error?: string | null;
  onChange: (value: VisitorCategory) => void;
  onContinue: () => void;
}

export function CategoryScreen({ categories, value, error: serverError, onChange, onContinue, ...screen }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(serverError ?? null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value) return setError(t('details.errors.category'));
    onContinue();
  };
  return (
    <Screen title={t('details.category')} {...screen}>
      <form onSubmit={submit} noValidate>
        <ChoiceList
          legend={t('details.category')}
          name="category"
          choices={categories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          value={value}
          onChange={(c) => {
            setError(null);
            onChange(c);
          }}
          error={error ?? undefined}
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
