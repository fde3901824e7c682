import type { SignInInput } from '@threshold/validators';
import type { JourneyAnswers, JourneyDocuments } from './types.ts';

function ref(doc: { id: string; sha256: string }) {
  return { documentId: doc.id, documentSha256: doc.sha256 };
}

/** The journey as the server takes it: the answers and the exact document versions the visitor was shown. */
export function signInInputOf(
  answers: JourneyAnswers,
  documents: JourneyDocuments,
  journey: { idempotencyKey: string; language: string },
): SignInInput {
  return {
    idempotencyKey: journey.idempotencyKey,
    language: journey.language,
    fullName: answers.fullName,
    organisation: answers.organisation,
    category: answers.category ?? 'other',
    purpose: answers.purpose,
    hostName: answers.hostName,
    email: answers.email,
    ...(answers.signatureReference
      ? { reusedSignature: { ...ref(documents.form), reference: answers.signatureReference } }
      : { signature: { ...ref(documents.form), typedName: answers.typedName, imagePng: answers.signature ?? '' } }),
    confidentialityPolicy: ref(documents.confidentialityPolicy),
    disclosurePolicy: ref(documents.disclosurePolicy),
    noPhotography: ref(documents.noPhotography),
  };
}
