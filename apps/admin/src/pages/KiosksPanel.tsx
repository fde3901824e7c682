import { useMutation } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useTRPC } from '../api.ts';
import { formatClock } from '../time.ts';

export function KiosksPanel({ siteId }: { siteId: string }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.kiosk.createPairingCode.mutationOptions());
  return (
    <section aria-labelledby="kiosks-title" className="admin-panel">
      <h2 id="kiosks-title">Kiosks</h2>
      <p>
        To set up a reception tablet, open /kiosk/ on it and enter a pairing code. A code works once and lasts 10
        minutes.
      </p>
      <Button onClick={() => create.mutate({ siteId })} disabled={create.isPending}>
        Create a pairing code
      </Button>
      {create.data ? (
        <p className="admin-pairing" role="status">
          Pairing code <strong data-testid="pairing-code">{create.data.code}</strong> — valid until{' '}
          {formatClock(create.data.expiresAt)}
        </p>
      ) : null}
      {create.error ? <p role="alert">{create.error.message}</p> : null}
    </section>
  );
}
