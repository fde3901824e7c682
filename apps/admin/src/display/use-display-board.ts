import type { RouterOutputs } from '@threshold/api';
import { useEffect, useState } from 'react';
import { type DisplayClient, isRefused } from './display-client.ts';

type DisplayMessage = RouterOutputs['displays']['board'] extends AsyncIterable<infer M> ? M : never;
export type DisplayBoard = Extract<DisplayMessage, { kind: 'board' }>;

export type BoardView =
  | { kind: 'connecting' }
  | { kind: 'board'; board: DisplayBoard }
  | { kind: 'paused' }
  | { kind: 'lost' }
  | { kind: 'revoked' };

// The server sends the board at least every 5 s; three beats missed and the names leave the screen.
const SILENCE_MS = 15_000;

function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/**
 * The display's board while the page is visible. Hidden, the stream closes and the board (names included) is
 * dropped from memory; a silent stream drops it too. Revocation is final: the caller forgets the token.
 */
export function useDisplayBoard(client: DisplayClient, names: boolean): BoardView {
  const visible = usePageVisible();
  const [view, setView] = useState<BoardView>({ kind: 'connecting' });
  useEffect(() => {
    if (!visible) {
      setView({ kind: 'paused' });
      return;
    }
    setView({ kind: 'connecting' });
    let silence: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => setView((v) => (v.kind === 'revoked' ? v : { kind: 'lost' })), SILENCE_MS);
    };
    watch();
    const subscription = client.displays.board.subscribe(
      { names },
      {
        onData: (message) => {
          if (message.kind === 'revoked') {
            clearTimeout(silence);
            setView({ kind: 'revoked' });
            return;
          }
          watch();
          setView({ kind: 'board', board: message });
        },
        onError: (error) => {
          clearTimeout(silence);
          setView(isRefused(error) ? { kind: 'revoked' } : { kind: 'lost' });
        },
      },
    );
    return () => {
      clearTimeout(silence);
      subscription.unsubscribe();
    };
  }, [client, names, visible]);
  return view;
}
