import { useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'] as const;
/** WCAG 2.2.1 (timing adjustable): at least 20 seconds to ask for more time before the journey is wiped. */
export const WARNING_SECONDS = 20;

/**
 * Counts idle time while `active`. After `timeoutSeconds` without a touch it shows a warning, and calls `onTimeout`
 * WARNING_SECONDS after the warning is on the page (counted from its render, so neither a slow tick nor a slow render
 * shortens it). Activity before the warning, or "I need more time" during it, starts the count again.
 */
export function useIdleTimer(timeoutSeconds: number, active: boolean, onTimeout: () => void) {
  const [warningLeft, setWarningLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  // Set when the idle time runs out (the warning is due); `shownAt` once the warning has been rendered.
  const warned = useRef(false);
  const shownAt = useRef<number | null>(null);
  const timeoutRef = useRef(onTimeout);
  timeoutRef.current = onTimeout;

  const warning = warningLeft !== null;
  useEffect(() => {
    shownAt.current = warning ? Date.now() : null;
  }, [warning]);

  useEffect(() => {
    const clear = () => {
      warned.current = false;
      setWarningLeft(null);
    };
    if (!active) {
      clear();
      return;
    }
    lastActivity.current = Date.now();
    const touch = () => {
      // While the warning is up only its button gives more time: a touch that closed it on touch-down would
      // deliver its click to whatever lies beneath (Start again, say).
      if (warned.current) return;
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const now = Date.now();
      if (!warned.current) {
        if (now - lastActivity.current < timeoutSeconds * 1000) return;
        warned.current = true;
      }
      const left = WARNING_SECONDS - (now - (shownAt.current ?? now)) / 1000;
      if (left <= 0) {
        clear();
        timeoutRef.current();
      } else {
        setWarningLeft(Math.ceil(left));
      }
    }, 250);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
    };
  }, [active, timeoutSeconds]);

  return {
    warningLeft,
    stillHere: () => {
      lastActivity.current = Date.now();
      warned.current = false;
      setWarningLeft(null);
    },
  };
}
