import { type DocumentKind, documentKinds } from '@threshold/validators';

/** One document of a site: its kind in one language. */
export interface Slot {
  kind: DocumentKind;
  language: string;
}

export interface OpenedDocument {
  slot: Slot;
  view: 'edit' | 'history';
}

const views = ['edit', 'history'] as const;

/**
 * The document an address names, from its `kind`, `language` and `view` segments: none when the address names none,
 * `unknown` when it names something that cannot exist (a typo, an old link), so the page can say so.
 */
export function openedDocument(params: {
  kind?: string;
  language?: string;
  view?: string;
}): OpenedDocument | null | 'unknown' {
  const { kind, language, view } = params;
  if (kind === undefined && language === undefined && view === undefined) return null;
  const knownKind = documentKinds.find((k) => k === kind);
  const knownView = views.find((v) => v === view);
  if (!knownKind || !knownView || !language || !/^[a-z]{2,3}$/.test(language)) return 'unknown';
  return { slot: { kind: knownKind, language }, view: knownView };
}
