// The kiosk's pairing token is the only thing this app keeps in storage; it identifies the device, not a person.
const KEY = 'threshold.kiosk.deviceToken';

export const deviceToken = {
  get: (): string | null => localStorage.getItem(KEY),
  set: (token: string) => localStorage.setItem(KEY, token),
  clear: () => localStorage.removeItem(KEY),
};
