import type { DocumentKind } from '@threshold/validators';

export interface DefaultDocument {
  kind: DocumentKind;
  title: string;
  body: string;
}
