import { emailIndexToken, nameIndexTokens } from '../crypto/blind-index.ts';
import { encryptBytes, encryptValue } from '../crypto/envelope.ts';

/**
 * A visitor's details as the visit table stores them (envelopes and blind indexes), for tests that write visits
 * with raw SQL: `sql\`insert into visit ${sql({ ...sealedVisit({...}), ... })}\``.
 */
export function sealedVisit(v: {
  name: string;
  organisation: string;
  purpose?: string;
  hostName?: string | null;
  email?: string | null;
}) {
  return {
    visitor_name: encryptValue(v.name),
    visitor_name_index: `{${nameIndexTokens(v.name).join(',')}}`,
    visitor_organisation: encryptValue(v.organisation),
    purpose: encryptValue(v.purpose ?? ''),
    host_name: v.hostName == null ? null : encryptValue(v.hostName),
    visitor_email: v.email == null ? null : encryptValue(v.email),
    visitor_email_index: emailIndexToken(v.email),
  };
}

/** A signature's typed name and image as visit_signature stores them. */
export function sealedSignature(typedName: string, png: Buffer) {
  return { typed_name: encryptValue(typedName), signature_png: encryptBytes(png) };
}
