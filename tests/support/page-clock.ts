import type { Locator, Page } from 'playwright-core';

/**
 * Moves the page's clock (Playwright's fake clock, installed before the page loaded) on in steps, firing every timer
 * due on the way as real time would, until `done` is visible. Returns how far the page's clock moved, in ms, measured
 * by the page itself. Waits of tens of seconds that the app counts in the browser then take a moment of real time.
 */
export async function runClockUntil(
  page: Page,
  done: Locator,
  options: { stepMs?: number; limitMs: number },
): Promise<number> {
  const stepMs = options.stepMs ?? 250;
  const pageNow = () => page.evaluate(() => Date.now());
  const start = await pageNow();
  while (!(await done.isVisible())) {
    if ((await pageNow()) - start > options.limitMs) {
      throw new Error(`not visible after ${options.limitMs} ms of the page's clock`);
    }
    await page.clock.runFor(stepMs);
  }
  return (await pageNow()) - start;
}
