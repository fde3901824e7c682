import type { Locator, Page } from 'playwright-core';

/** The page's own time (ms since the epoch): Playwright's fake clock once installed. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => Date.now());

/**
 * Moves the page's clock (Playwright's fake clock, installed before the page loaded) on in steps, firing every timer
 * due on the way as real time would, until `done` is visible. Returns the page's time when it saw `done`. Waits of
 * tens of seconds that the app counts in the browser then take a moment of real time.
 */
export async function runClockUntil(
  page: Page,
  done: Locator,
  options: { stepMs?: number; limitMs: number },
): Promise<number> {
  const stepMs = options.stepMs ?? 250;
  const start = await pageNow(page);
  while (!(await done.isVisible())) {
    if ((await pageNow(page)) - start > options.limitMs) {
      throw new Error(`not visible after ${options.limitMs} ms of the page's clock`);
    }
    await page.clock.runFor(stepMs);
  }
  return pageNow(page);
}
