import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  rcptTo: string[];
  raw: string;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  /** While true, every RCPT TO is refused with 550 (a mailbox that does not exist). */
  rejectRecipients: boolean;
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on a free port of 127.0.0.1 that keeps what it receives. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const state: Pick<TestSmtp, 'received' | 'rejectRecipients'> = { received: [], rejectRecipients: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.rejectRecipients) return callback();
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        state.received.push({ rcptTo, raw: Buffer.concat(chunks).toString() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  });
}

// Just enough MIME to read what nodemailer sent.
function headersOf(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}
function decodeQp(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i));
  }
  return Buffer.from(bytes);
}
/** RFC 2047 encoded words (how nodemailer writes a non-ASCII subject). */
export const decodeWords = (value: string) =>
  value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      (enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : decodeQp(text.replace(/_/g, ' '))).toString(),
    );

function decodeBody(body: string, headers: Map<string, string>): Buffer {
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64');
  return encoding === 'quoted-printable' ? decodeQp(body) : Buffer.from(body);
}

export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}
export function parseMail(raw: string): ParsedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = headersOf(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parsed: ParsedMail = { headers, text: '', attachments: [] };
  // A mail without attachments is one plain-text body.
  if (!boundary) {
    parsed.text = decodeBody(raw.slice(split + 4), headers)
      .toString()
      .replace(/\r\n/g, '\n');
    return parsed;
  }
  for (const part of raw
    .slice(split + 4)
    .split(`--${boundary}`)
    .slice(1, -1)) {
    const end = part.indexOf('\r\n\r\n');
    const h = headersOf(part.slice(2, end));
    const body = part.slice(end + 4).replace(/\r\n$/, '');
    const content = decodeBody(body, h);
    const type = h.get('content-type') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(h.get('content-disposition') ?? '')?.[1];
    if (filename) parsed.attachments.push({ filename, contentType: type, content });
    else if (type.startsWith('text/plain')) parsed.text = content.toString().replace(/\r\n/g, '\n');
  }
  return parsed;
}
