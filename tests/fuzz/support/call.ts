import superjson from 'superjson';
import { limitMessages } from '../../../apps/server/src/request-limits.ts';
import type { HostileInput, Mutation } from './hostile.ts';

export interface Identity {
  name: string;
  headers: Record<string, string>;
}

export interface Answer {
  status: number;
  message: string;
  fieldErrors: { path: string; message: string }[];
}

/** The body a client would send: superjson's envelope, or (for an envelope mutation) the raw value itself. */
function bodyOf(input: HostileInput): string {
  if (input.mutation === 'envelope') return JSON.stringify(input.value);
  try {
    return JSON.stringify(superjson.serialize(input.value));
  } catch {
    // superjson refuses some values (an own "__proto__" key): send them as plain JSON, as a hostile client could.
    return JSON.stringify({ json: input.value }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/**
 * One call over real HTTP, the way the apps make it: POST (queries too, as the admin app does), or GET with the
 * input in the address for a small query input (as the kiosk does). A subscription is opened and closed again
 * once its first event (or its refusal) has arrived.
 */
export async function call(
  baseUrl: string,
  path: string,
  type: 'query' | 'mutation' | 'subscription',
  input: HostileInput,
  identity: Identity,
  useGet: boolean,
): Promise<Answer> {
  const body = bodyOf(input);
  const headers = { ...identity.headers, origin: baseUrl };
  const get = type === 'subscription' || (type === 'query' && useGet && body.length < 4000);
  const abort = new AbortController();
  const url = `${baseUrl}/trpc/${path}?input=${encodeURIComponent(body)}`;
  const res = get
    ? await fetch(url, { headers, signal: abort.signal }).catch((err: unknown) => {
        // Node answers a request line past its header limit with 431 and closes at once; a client still writing the
        // rest of it can see the reset before the answer. That is the refusal, not a server that failed to answer.
        if (url.length > NODE_HEADER_LIMIT && isSocketReset(err)) return null;
        throw err;
      })
    : await fetch(`${baseUrl}/trpc/${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        signal: abort.signal,
      });
  if (res === null) return { status: 431, message: 'connection closed at the header limit', fieldErrors: [] };
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) return firstEvent(res, abort);
  const text = await res.text();
  return { status: res.status, ...errorIn(text) };
}

/** Node's default --max-http-header-size, which the server keeps. */
const NODE_HEADER_LIMIT = 16 * 1024;

function isSocketReset(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
  return ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code);
}

function errorIn(text: string): Omit<Answer, 'status'> {
  try {
    const parsed = JSON.parse(text) as { error?: { json?: { message?: string; data?: { fieldErrors?: [] } } } };
    const error = parsed.error?.json;
    return { message: error?.message ?? '', fieldErrors: error?.data?.fieldErrors ?? [] };
  } catch {
    return { message: text.slice(0, 200), fieldErrors: [] };
  }
}

/** A stream answers 200 and then either its first data or a serialized error (with the status it stands for). */
async function firstEvent(res: Response, abort: AbortController): Promise<Answer> {
  const reader = res.body?.getReader();
  let text = '';
  const deadline = setTimeout(() => abort.abort(), 5_000);
  try {
    while (reader && !/\n\n/.test(text)) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  } catch {
    // Aborted at the deadline: the stream stayed open, which is an answer too.
  } finally {
    clearTimeout(deadline);
    abort.abort();
  }
  const error = /event: serialized-error\ndata: (.*)\n/.exec(text)?.[1];
  if (!error) return { status: res.status, message: '', fieldErrors: [] };
  const shape = (JSON.parse(error) as { json?: { message?: string; data?: { httpStatus?: number; fieldErrors?: [] } } })
    .json;
  return {
    status: shape?.data?.httpStatus ?? 500,
    message: shape?.message ?? '',
    fieldErrors: shape?.data?.fieldErrors ?? [],
  };
}

/** Refusals of the request as a whole, rightly without a field: for nesting past the limit and broken envelopes. */
const requestLevel = new Set<string>([
  limitMessages.tooDeep,
  limitMessages.notJson,
  limitMessages.inputNotJson,
  'The request body is not valid JSON.',
  'The request could not be read. Send the input as JSON for this procedure.',
]);
const requestLevelMutations = new Set<Mutation>(['deep', 'envelope']);

/** What is wrong with an answer, or null: never 5xx; a 400 names its field (or is a request-level refusal). */
export function problemWith(answer: Answer, mutation: Mutation): string | null {
  if (answer.status >= 500) return `status ${answer.status}: ${answer.message}`;
  if (answer.status !== 400) return null;
  const named = answer.fieldErrors.length > 0 && answer.fieldErrors.every((f) => f.path !== '');
  if (named) return null;
  if (requestLevelMutations.has(mutation) && requestLevel.has(answer.message)) return null;
  return `400 without a field: ${answer.message}`;
}
