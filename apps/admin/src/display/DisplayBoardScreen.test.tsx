import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisplayBoardScreen } from './DisplayBoardScreen.tsx';
import type { DisplayClient } from './display-client.ts';
import type { DisplayBoard } from './use-display-board.ts';

const board = (names: boolean): DisplayBoard => ({
  kind: 'board',
  displayName: 'Reception screen',
  names: names ? 'shown' : 'hidden',
  namesFrom: '07:00',
  namesUntil: '20:00',
  counts: { awaiting_escort: 1, escorted: 0, handover_pending: 0 },
  people: names ? [{ name: 'Amara N.', state: 'awaiting_escort', since: new Date('2026-12-05T09:12:00Z') }] : [],
  at: new Date('2026-12-05T09:30:00Z'),
});

type Handlers = { onData: (m: DisplayBoard | { kind: 'revoked' }) => void; onError: (e: unknown) => void };

/** The display's stream as the screen sees it: what it asked for, and a way to send it messages. */
function fakeStream() {
  const opened: { names: boolean; closed: boolean; send: Handlers['onData'] }[] = [];
  const client = {
    displays: {
      board: {
        subscribe: (input: { names: boolean }, handlers: Handlers) => {
          const stream = { names: input.names, closed: false, send: handlers.onData };
          opened.push(stream);
          return {
            unsubscribe: () => {
              stream.closed = true;
            },
          };
        },
      },
    },
  } as unknown as DisplayClient;
  const current = () => opened.filter((s) => !s.closed).at(-1);
  return { client, opened, current };
}

const setVisible = (visible: boolean) => {
  Object.defineProperty(document, 'visibilityState', { value: visible ? 'visible' : 'hidden', configurable: true });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
};

beforeEach(() => {
  localStorage.clear();
  setVisible(true);
});
afterEach(() => vi.useRealTimers());

describe('DisplayBoardScreen', () => {
  it('shows short names, then closes the stream and drops them while the page is hidden', () => {
    const s = fakeStream();
    render(<DisplayBoardScreen client={s.client} onRevoked={() => {}} />);
    act(() => s.current()?.send(board(true)));
    expect(screen.getByText('Amara N.')).toBeTruthy();
    setVisible(false);
    expect(s.current()).toBeUndefined();
    expect(screen.queryByText('Amara N.')).toBeNull();
    expect(screen.getByText('Paused while this page is not shown.')).toBeTruthy();
    setVisible(true);
    expect(s.current()?.names).toBe(true);
  });

  it('asks the server for counts only when names are hidden, and remembers it', async () => {
    const s = fakeStream();
    const view = render(<DisplayBoardScreen client={s.client} onRevoked={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Hide names' }));
    expect(s.current()?.names).toBe(false);
    view.unmount();
    render(<DisplayBoardScreen client={s.client} onRevoked={() => {}} />);
    expect(s.current()?.names).toBe(false);
    expect(screen.getByRole('button', { name: 'Show names' })).toBeTruthy();
  });

  it('clears the names when the stream falls silent for 15 s', () => {
    vi.useFakeTimers();
    const s = fakeStream();
    render(<DisplayBoardScreen client={s.client} onRevoked={() => {}} />);
    act(() => s.current()?.send(board(true)));
    act(() => {
      vi.advanceTimersByTime(14_000);
    });
    expect(screen.getByText('Amara N.')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(screen.queryByText('Amara N.')).toBeNull();
    expect(screen.getByText('Connection lost. Names are cleared until it comes back.')).toBeTruthy();
  });

  it('hands a revocation to its owner with no name left on screen', () => {
    const s = fakeStream();
    const onRevoked = vi.fn();
    render(<DisplayBoardScreen client={s.client} onRevoked={onRevoked} />);
    act(() => s.current()?.send(board(true)));
    act(() => s.current()?.send({ kind: 'revoked' }));
    expect(onRevoked).toHaveBeenCalledOnce();
    expect(screen.queryByText('Amara N.')).toBeNull();
  });
});
