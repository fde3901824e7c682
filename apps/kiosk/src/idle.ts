import { useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'] as const;
export const WARNING_SECONDS = 10;

/**
 * Counts idle time while `active`. After `timeoutSeconds` without a touch it shows a warning for
 * WARNING_SECONDS, then calls `onTimeout`. Any activity (or "I'm still here") starts the count again.
 */
export function useIdleTimer(timeoutSeconds: number, active: boolean, onTimeout: () => void) {
  const [warningLeft, setWarningLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const timeoutRef = useRef(onTimeout);
  timeoutRef.current = onTimeout;

  useEffect(() => {
    if (!active) {
      setWarningLeft(null);
      return;
    }
    lastActivity.current = Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
      setWarningLeft(null);
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const idle = (Date.now() - lastActivity.current) / 1000;
      if (idle >= timeoutSeconds + WARNING_SECONDS) {
        setWarningLeft(null);
        timeoutRef.current();
      } else if (idle >= timeoutSeconds) {
        setWarningLeft(Math.ceil(timeoutSeconds + WARNING_SECONDS - idle));
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
      setWarningLeft(null);
    },
  };
}
