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

export function newVisitCode(): string {
  let code = '';
  for (let i = 0; i < visitCodeLength; i++) code += visitCodeAlphabet[randomInt(0, visitCodeAlphabet.length)];
  return code;
}
