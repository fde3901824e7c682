import { Button } from '@threshold/ui';
import { useEffect, useState } from 'react';
import type { DisplayClient } from './display-client.ts';
import { type BoardView, type DisplayBoard, useDisplayBoard } from './use-display-board.ts';

const stateLabels: Record<DisplayBoard['people'][number]['state'], string> = {
  awaiting_escort: 'Waiting for escort',
  escorted: 'With escort',
  handover_pending: 'Changing escort',
};

const NAMES_KEY = 'threshold.display.names';

// The screen is in the room it describes, so its own clock is the site's.
const clock = (date: Date) => date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** The room's board: big, high-contrast, short names only, with reception's one-tap "Hide names". */
export function DisplayBoardScreen(props: { client: DisplayClient; onRevoked: () => void }) {
  // Kept across a reload or a restart of the screen, so names hidden stay hidden until someone shows them.
  const [names, setNamesState] = useState(() => localStorage.getItem(NAMES_KEY) !== 'hidden');
  const setNames = (show: boolean) => {
    localStorage.setItem(NAMES_KEY, show ? 'shown' : 'hidden');
    setNamesState(show);
  };
  const view = useDisplayBoard(props.client, names);
  const { onRevoked } = props;
  useEffect(() => {
    if (view.kind === 'revoked') onRevoked();
  }, [view.kind, onRevoked]);
  return (
    <main className="display-screen">
      <header className="display-header">
        <h1>{view.kind === 'board' ? view.board.displayName : 'Board display'}</h1>
        <Button variant="secondary" className="display-toggle" onClick={() => setNames(!names)} aria-pressed={!names}>
          {names ? 'Hide names' : 'Show names'}
        </Button>
      </header>
      <BoardBody view={view} />
    </main>
  );
}

function BoardBody({ view }: { view: BoardView }) {
  if (view.kind === 'connecting') return <p className="display-status">Connecting…</p>;
  if (view.kind === 'paused') return <p className="display-status">Paused while this page is not shown.</p>;
  if (view.kind === 'lost') {
    return (
      <p className="display-status" role="status">
        Connection lost. Names are cleared until it comes back.
      </p>
    );
  }
  if (view.kind === 'revoked') return null;
  const { board } = view;
  const total = board.counts.awaiting_escort + board.counts.escorted + board.counts.handover_pending;
  return (
    <>
      <p className="display-counts" aria-live="polite">
        <strong>{total}</strong> {total === 1 ? 'visitor' : 'visitors'} on site · {board.counts.awaiting_escort} waiting
        for escort · {board.counts.escorted} with escort
        {board.counts.handover_pending > 0 ? ` · ${board.counts.handover_pending} changing escort` : ''}
      </p>
      {board.names === 'hidden' ? <p className="display-status">Names hidden. Tap “Show names” to show them.</p> : null}
      {board.names === 'outside_hours' ? (
        <p className="display-status">
          Names show from {board.namesFrom} to {board.namesUntil}. Outside those hours this screen shows counts only.
        </p>
      ) : null}
      {board.names === 'shown' && board.people.length === 0 ? (
        <p className="display-status">No visitors on site.</p>
      ) : null}
      {board.people.length > 0 ? (
        <ul className="display-people">
          {board.people.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: no ids reach the screen, and the list is replaced whole
            <li key={i} className={`display-person display-${p.state}`}>
              <bdi className="display-name">{p.name}</bdi>
              <span className="display-state">{stateLabels[p.state]}</span>
              <span className="display-since">since {clock(p.since)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
