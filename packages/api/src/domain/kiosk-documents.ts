import { type DbOrTx, listKindsTranslatedFromOlderEnglish } from '@threshold/db';
import type { KioskLanguage } from '@threshold/validators';
import { currentJourneyDocuments, type JourneySlot, journeyKinds } from './documents.ts';

/**
 * The journey's documents for the kiosk, each marked `englishIsNewer` when it is a translation published before the
 * current English text, so the kiosk can say so and offer the English rather than have the visitor sign an old
 * version unawares. Null when the site lacks any of them.
 */
export async function kioskJourneyDocuments(db: DbOrTx, params: { siteId: string; language: KioskLanguage }) {
  const docs = await currentJourneyDocuments(db, params);
  if (!docs) return null;
  const older = new Set(
    await listKindsTranslatedFromOlderEnglish(db, { ...params, kinds: Object.values(journeyKinds) }),
  );
  const marked = (slot: JourneySlot) => {
    const doc = docs[slot];
    return { ...doc, englishIsNewer: doc.language === params.language && older.has(doc.kind) };
  };
  return {
    form: marked('form'),
    confidentialityPolicy: marked('confidentialityPolicy'),
    disclosurePolicy: marked('disclosurePolicy'),
    noPhotography: marked('noPhotography'),
  };
}
