/**
 * The locale key for a refused PIN, by the server's error code rather than its English words, so an escort reads it
 * in the language the kiosk is showing.
 */
export function pinRefusalKey(
  code: string | null,
): 'pin.errors.refused' | 'pin.errors.tooMany' | 'pin.errors.unavailable' {
  if (code === 'NOT_FOUND') return 'pin.errors.refused';
  if (code === 'TOO_MANY_REQUESTS') return 'pin.errors.tooMany';
  return 'pin.errors.unavailable';
}
