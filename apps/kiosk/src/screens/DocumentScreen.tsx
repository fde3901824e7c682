import { Button } from '@threshold/ui';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentBlocks } from '../document-blocks.ts';
import { DEFAULT_LANGUAGE } from '../i18n.ts';
import type { JourneyDocument } from '../journey/types.ts';
import { Screen, type ScreenProps } from '../Screen.tsx';

interface Props extends Omit<ScreenProps, 'children'> {
  intro: string;
  documents: JourneyDocument[];
  confirmLabel: string;
  onConfirm: () => void;
}

/**
 * Shows documents in full at a readable size. The confirm button becomes active only once the end of the text
 * has been on screen, so nobody can agree to what they have not been shown.
 */
export function DocumentScreen({ intro, documents, confirmLabel, onConfirm, ...screen }: Props) {
  const { t, i18n } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const [reachedEnd, setReachedEnd] = useState(false);
  useEffect(() => {
    const sentinel = end.current;
    if (!sentinel) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setReachedEnd(true);
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, []);
  return (
    <Screen {...screen}>
      <p className="kiosk-why">{intro}</p>
      {documents.map((doc) => (
        <article key={doc.id} className="kiosk-document" lang={doc.language}>
          <h2>{doc.title}</h2>
          {doc.language !== i18n.language ? <p className="kiosk-notice">{t('documents.onlyInEnglish')}</p> : null}
          {doc.englishIsNewer && doc.language === i18n.language ? (
            <div className="kiosk-notice" role="note">
              <p>{t('documents.olderThanEnglish')}</p>
              {/* The whole journey turns to English, so what is signed is the text the server checks against. */}
              <Button onClick={() => void i18n.changeLanguage(DEFAULT_LANGUAGE)}>{t('documents.readEnglish')}</Button>
            </div>
          ) : null}
          {documentBlocks(doc.body).map((block, i) =>
            // Block order is the document's own and never changes while shown.
            block.kind === 'heading' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: static text split into blocks
              <h3 key={i}>{block.text}</h3>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: static text split into blocks
              <p key={i}>{block.text}</p>
            ),
          )}
          <p className="kiosk-document__version">{t('documents.version', { version: doc.version })}</p>
        </article>
      ))}
      <div ref={end} aria-hidden="true" />
      <div className="kiosk-actions kiosk-actions--sticky">
        {!reachedEnd ? <p className="kiosk-hint">{t('documents.scrollToEnd')}</p> : null}
        <Button size="large" disabled={!reachedEnd} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </Screen>
  );
}
