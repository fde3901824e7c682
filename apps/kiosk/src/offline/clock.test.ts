import { expect, it } from 'vitest';
import { clockOffsetMs } from './clock.ts';

it('takes the server time to be the middle of the round trip', () => {
  // Sent at 1000 and answered at 1400 by the tablet's clock; the server said 5200 → it is 4000 ms ahead.
  expect(clockOffsetMs(new Date(5200), 1000, 1400)).toBe(4000);
  expect(clockOffsetMs(new Date(1000), 3000, 3000)).toBe(-2000);
});
