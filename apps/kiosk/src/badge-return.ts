import { useEffect, useRef, useState } from 'react';

/** Used when a kiosk status cached by an older server has no setting: the site setting's default. */
export const DEFAULT_BADGE_RETURN_SECONDS = 20;

/**
 * The badge screen's own return to welcome, `seconds` after the badge is shown, so the next person never reads the
 * name and sign-out code. Counts only while `running` (not while an escort types their PIN; it starts afresh after).
 * `keep()` stops it once, for a visitor who needs longer: from then on the ordinary idle reset, which warns and can
 * be put off, clears the screen. Returns the seconds left, or null once kept or while not running.
 */
export function useBadgeReturn(seconds: number, running: boolean, onReturn: () => void) {
  const [left, setLeft] = useState<number | null>(running ? seconds : null);
  const [kept, setKept] = useState(false);
  const returnRef = useRef(onReturn);
  returnRef.current = onReturn;

  useEffect(() => {
    if (!running || kept) {
      setLeft(null);
      return;
    }
    const deadline = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.ceil((deadline - Date.now()) / 1000);
      if (remaining <= 0) {
        clearInterval(timer);
        returnRef.current();
      } else {
        setLeft(remaining);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds, running, kept]);

  return { left, kept, keep: () => setKept(true) };
}
