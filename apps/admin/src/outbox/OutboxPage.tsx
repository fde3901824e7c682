import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '@threshold/ui';
import { useState } from 'react';
import { useTRPC } from '../api.ts';
import { saveFile } from '../download.ts';
import { formatDateTime } from '../time.ts';
import { emailsCount } from './OutboxBanner.tsx';
import { outboxFailureLabel, outboxTemplateLabel } from './outbox-labels.ts';

const statusLabel: Record<string, string> = { pending: 'Waiting', sent: 'Sent', failed: 'Failed' };

/**
 * Outgoing email at this site. In demo mode (no SMTP_URL) messages stay here for an admin to read. Admins can send
 * again what the sender gave up on; coordinators see it, and can open a message's content.
 */
export function OutboxPage(props: {
  siteId: string;
  timeZone: string;
  canOpen: boolean;
  canResend: boolean;
  /** The message the address names, if any. */
  openMessage: string | null;
  onOpenMessage: (messageId: string | null) => void;
}) {
  const { siteId, timeZone, canOpen, canResend, openMessage: open, onOpenMessage: setOpen } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outbox = useQuery(trpc.outbox.list.queryOptions({ siteId }, { staleTime: 0, gcTime: 0 }));
  const [done, setDone] = useState<string | null>(null);
  const resent = ({ resent: n }: { resent: number }) => {
    setDone(
      n === 0
        ? 'No failed email was left to send again.'
        : `${n === 1 ? 'The email is' : `${emailsCount(n)} are`} back in the queue and will be sent within a minute. ` +
            'This was recorded in the audit trail.',
    );
    void queryClient.invalidateQueries({ queryKey: trpc.outbox.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.outbox.summary.queryKey() });
  };
  const resendOne = useMutation(trpc.outbox.resend.mutationOptions({ onSuccess: resent }));
  const resendAll = useMutation(trpc.outbox.resendAllFailed.mutationOptions({ onSuccess: resent }));
  const failed = outbox.data?.messages.filter((m) => m.status === 'failed').length ?? 0;
  const busy = resendOne.isPending || resendAll.isPending;
  const error = resendOne.error ?? resendAll.error;
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
      {failed > 0 ? (
        <div className="outbox-failed">
          <p className="admin-warning">
            {emailsCount(failed)} could not be sent.{' '}
            {canResend
              ? 'Sending again is recorded in the audit trail.'
              : `An admin can send ${failed === 1 ? 'it' : 'them'} again.`}
          </p>
          {canResend ? (
            <Button onClick={() => resendAll.mutate({ siteId })} disabled={busy}>
              Send all failed again
            </Button>
          ) : null}
        </div>
      ) : null}
      {done ? (
        <p role="status" className="admin-ok">
          {done}
        </p>
      ) : null}
      {error ? <p role="alert">{error.message}</p> : null}
      {outbox.data && outbox.data.messages.length === 0 ? (
        <p className="admin-empty">
          No email yet. Signed-form copies, escort requests, alerts and notices appear here as they are queued.
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
              {canResend ? (
                <th scope="col">
                  <span className="th-visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {outbox.data.messages.map((m) => {
              const queued = formatDateTime(m.createdAt, timeZone);
              const what = outboxTemplateLabel(m.template);
              return (
                <tr key={m.id}>
                  <td>
                    {canOpen ? (
                      <button type="button" className="admin-link" onClick={() => setOpen(m.id)}>
                        {queued}
                      </button>
                    ) : (
                      queued
                    )}
                  </td>
                  <td>{m.toAddress ?? '(removed after sending)'}</td>
                  <td>{what}</td>
                  <td>
                    {statusLabel[m.status] ?? m.status}
                    {m.status === 'failed' ? (
                      <span className="outbox-reason">{outboxFailureLabel(m.lastError)}</span>
                    ) : null}
                  </td>
                  <td>{m.attempts}</td>
                  {canResend ? (
                    <td className="outbox-action">
                      {m.status === 'failed' ? (
                        <Button
                          variant="secondary"
                          disabled={busy}
                          onClick={() => resendOne.mutate({ siteId, messageId: m.id })}
                        >
                          Send again
                          <span className="th-visually-hidden">
                            : {what}, queued {queued}
                          </span>
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
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
