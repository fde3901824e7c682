import { useMemo, useState } from 'react';
import { DisplayBoardScreen } from './DisplayBoardScreen.tsx';
import { DisplayPair } from './DisplayPair.tsx';
import { createDisplayClient, displayToken } from './display-client.ts';
import './display.css';

/**
 * The board display (`#/display`): a room's read-only screen, outside the staff session. Unpaired, it asks for a
 * pairing code; paired, it shows the board until it is revoked, then says so and asks for a new code.
 */
export function DisplayApp() {
  const [token, setToken] = useState(displayToken.get);
  const [revoked, setRevoked] = useState(false);
  const client = useMemo(() => createDisplayClient(token), [token]);
  if (!token) {
    return (
      <DisplayPair
        client={client}
        revoked={revoked}
        onPaired={(t) => {
          displayToken.set(t);
          setRevoked(false);
          setToken(t);
        }}
      />
    );
  }
  return (
    <DisplayBoardScreen
      client={client}
      onRevoked={() => {
        displayToken.clear();
        setRevoked(true);
        setToken(null);
      }}
    />
  );
}
