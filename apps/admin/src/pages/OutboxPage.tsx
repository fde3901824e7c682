import { useQuery } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { saveFile } from '../download.ts';
import { formatDateTime } from '../time.ts';

const statusLabel: Record<string, string> = { pending: 'Waiting', sent: 'Sent', failed: 'Failed' };

/** Outgoing email at this site. In demo mode (no SMTP_URL) messages stay here for an admin to read. */
export function OutboxPage({ siteId, timeZone, canOpen }: { siteId: string; timeZone: string; canOpen: boolean }) {
  const trpc = useTRPC();
  const outbox = useQuery(trpc.outbox.list.queryOptions({ siteId }, { staleTime: 0, gcTime: 0 }));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">Outbox</h1>
      {outbox.data?.mode === 'outbox' ? (
        <p className="admin-notice">
          Demo mode: no SMTP_URL is set, so email is kept here instead of being sent. Viewing this list is recorded in
          the audit trail.
        </p>
      ) : (
        <p className="admin-note">Email is sent through the configured SMTP server. Addresses are removed once sent.</p>
      )}
      {outbox.isError ? <p role="alert">{outbox.error.message}</p> : null}
      {outbox.data && outbox.data.messages.length === 0 ? (
        <p className="admin-empty">
          No email yet. A copy of the signed form is queued here when a visitor asks for one.
        </p>
      ) : null}
      {outbox.data && outbox.data.messages.length > 0 ? (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">To</th>
              <th scope="col">What</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
            </tr>
          </thead>
          <tbody>
            {outbox.data.messages.map((m) => (
              <tr key={m.id}>
                <td>
                  {canOpen ? (
                    <button type="button" className="admin-link" onClick={() => setOpen(m.id)}>
                      {formatDateTime(m.createdAt, timeZone)}
                    </button>
                  ) : (
                    formatDateTime(m.createdAt, timeZone)
                  )}
                </td>
                <td>{m.toAddress ?? '(removed after sending)'}</td>
                <td>Signed form copy</td>
                <td>{statusLabel[m.status] ?? m.status}</td>
                <td>{m.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? <OutboxMessage siteId={siteId} messageId={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function OutboxMessage({ siteId, messageId, onClose }: { siteId: string; messageId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const message = useQuery(trpc.outbox.message.queryOptions({ siteId, messageId }, { staleTime: 0, gcTime: 0 }));
  const rendered = message.data?.rendered;
  return (
    <section className="admin-panel" aria-labelledby="message-title">
      <div className="admin-detail__head">
        <h2 id="message-title">{rendered ? rendered.subject : 'Message'}</h2>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
      {message.isError ? <p role="alert">{message.error.message}</p> : null}
      {message.data && !rendered ? (
        <p>This message can no longer be shown: it was sent (its content is not kept) or its visit was destroyed.</p>
      ) : null}
      {rendered ? (
        <>
          <p>To: {rendered.to}</p>
          <pre className="admin-mail">{rendered.text}</pre>
          {rendered.attachments.map((a) => (
            <Button key={a.filename} onClick={() => saveFile(a)}>
              Download {a.filename}
            </Button>
          ))}
        </>
      ) : null}
    </section>
  );
}
