// Shared by every email template.

export const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIALITY NOTICE: This email and its attachment are confidential and intended only for the person named. ' +
  'If you received it by mistake, please tell us by replying and delete it. Do not copy, forward or share it.';

/**
 * How the email greets the visitor: first name and the initial of the last, so a glance at someone else's screen
 * or a notification preview gives away as little as possible ("Amara Nwosu" → "Amara N.").
 */
export function greetingName(fullName: string): string {
  const parts = fullName.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts.at(-1) : undefined;
  const initial = last ? String.fromCodePoint(last.codePointAt(0) ?? 0).toLocaleUpperCase() : '';
  return initial ? `${first} ${initial}.` : first;
}
