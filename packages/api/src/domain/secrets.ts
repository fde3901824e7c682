import { createHash, randomBytes, randomInt } from 'node:crypto';
import { visitCodeAlphabet, visitCodeLength } from '@threshold/validators';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A bearer token for a paired kiosk: 256 bits, URL-safe. */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newPairingCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += visitCodeAlphabet[randomInt(0, visitCodeAlphabet.length)];
  return code;
}

export function newVisitCode(): string {
  return randomCode(visitCodeLength);
}

/** 8 characters of the badge alphabet: 25^8 ≈ 1.5 × 10^11, and guesses are rate-limited per kiosk. */
export function newSignatureReference(): string {
  return randomCode(8);
}
