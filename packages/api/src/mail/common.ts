import { isolateDirection, shortName } from '@threshold/validators';

// Shared by every email template.

/** For emails without an attachment: every staff email. */
export const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIALITY NOTICE: This email is confidential and intended only for the person named. ' +
  'If you received it by mistake, please tell us by replying and delete it. Do not copy, forward or share it.';

/** Only the visitor's signed copy carries an attachment (the PDF). */
export const CONFIDENTIALITY_NOTICE_WITH_ATTACHMENT =
  'CONFIDENTIALITY NOTICE: This email and its attachment are confidential and intended only for the person named. ' +
  'If you received it by mistake, please tell us by replying and delete it. Do not copy, forward or share it.';

/**
 * A person as an email names them: the short name (first name and initial), so a glance at someone else's screen or
 * a notification preview gives away as little as possible, isolated so a right-to-left name keeps its order.
 */
export function mailName(fullName: string): string {
  return isolateDirection(shortName(fullName));
}

/**
 * Ends a sentence with one period, also when it ends in a short name's initial ("… for Kwame M."). A right-to-left
 * name's period is inside its isolate and shows on its far side, so the sentence gets its own.
 */
export function endSentence(sentence: string): string {
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
}
