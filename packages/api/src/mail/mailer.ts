import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface MailMessage {
  /** Stable id of what is being sent (the outbox row): becomes the Message-ID, so a resend is recognisable. */
  id: string;
  to: string;
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

export interface Mailer {
  /** Resolves once the SMTP server has accepted the message for the recipient; rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

// nodemailer's defaults wait up to 2 minutes to connect and 10 minutes for a silent socket. The sender holds a
// database transaction (the row lock that stops a second sender) while it sends, so a dead server must fail fast.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Adds the timeouts to the SMTP URL (as nodemailer reads them from its query) unless the URL sets its own. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(TIMEOUTS)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** The domain of the sender address, for Message-IDs (`Threshold <mail@example.org>` → example.org). */
function domainOf(from: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'threshold.invalid';
}

/** Sends mail through the SMTP server at `smtpUrl` (smtp:// or smtps://, credentials in the URL). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const url = withTimeouts(smtpUrl);
  // nodemailer costs a server ~9 MB of memory: loaded with the first message, as many servers never send one.
  let transport: Promise<Transporter<SMTPTransport.SentMessageInfo>> | null = null;
  const open = () => {
    transport ??= import('nodemailer').then(({ createTransport }) => createTransport(url));
    return transport;
  };
  const domain = domainOf(from);
  return {
    async send(message) {
      const info = await (await open()).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.id}@${domain}>`,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          content: Buffer.from(a.content),
          contentType: a.contentType,
        })),
        // Content is always given inline: never let a value be read as a file path or URL to fetch.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      if (info.rejected.length > 0) throw Object.assign(new Error('recipient rejected'), { code: 'EENVELOPE' });
    },
    close: () => {
      void transport?.then((opened) => opened.close());
    },
  };
}
