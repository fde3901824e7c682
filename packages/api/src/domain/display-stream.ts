import { type Db, findActiveDisplayByTokenHash, type LiveListener } from '@threshold/db';
import { writeAudit } from './audit.ts';
import { type BoardDisplayDevice, type DisplayMessage, readDisplayBoard } from './display-board.ts';

/**
 * How often an open display stream re-checks its token and resends the board, even with nothing new: a revoked
 * display blanks within this, a change of hours shows within it, and the screen treats a longer silence as a
 * lost connection and clears its names.
 */
export const DISPLAY_BEAT_SECONDS = 5;

interface StreamParams {
  db: Db;
  live: LiveListener | null;
  display: BoardDisplayDevice;
  tokenHash: string;
  wantNames: boolean;
  now: () => Date;
  signal: AbortSignal | undefined;
}

/**
 * The board for one display while it is shown: now, on every change at its site, and at each beat; then
 * `{ kind: 'revoked' }` and the end once its token stops working. Each start is audited (ids only).
 */
export async function* displayBoardStream(p: StreamParams): AsyncGenerator<DisplayMessage, void> {
  let display = p.display;
  await p.db.transaction((tx) =>
    writeAudit(
      tx,
      { type: 'display', id: display.id },
      { organisationId: display.organisationId, siteId: display.siteId },
      { type: 'display.showing_started', data: { displayId: display.id } },
    ),
  );
  let wake: (() => void) | null = null;
  // A change or a close that comes while the board is being read or sent is kept, so it is not slept through.
  let roused = false;
  let listenerClosed = false;
  const rouse = () => {
    roused = true;
    wake?.();
  };
  const unsubscribe =
    p.live?.subscribe({ siteId: display.siteId }, rouse, () => {
      listenerClosed = true;
      rouse();
    }) ?? (() => {});
  p.signal?.addEventListener('abort', rouse);
  try {
    while (!p.signal?.aborted) {
      yield await readDisplayBoard(p.db, display, { wantNames: p.wantNames, now: p.now() });
      await new Promise<void>((resolve) => {
        if (roused) return resolve();
        const timer = setTimeout(resolve, DISPLAY_BEAT_SECONDS * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
      roused = false;
      if (p.signal?.aborted) return;
      // The server is shutting down: end the stream as live.site does, so the display reconnects to another process.
      if (listenerClosed) throw new DOMException('Live updates stopped on this server', 'AbortError');
      // Also the display's heartbeat: touches its last-seen time.
      const current = await findActiveDisplayByTokenHash(p.db, { tokenHash: p.tokenHash, now: p.now() });
      if (!current) {
        yield { kind: 'revoked' };
        return;
      }
      display = current;
    }
  } finally {
    p.signal?.removeEventListener('abort', rouse);
    unsubscribe();
  }
}
