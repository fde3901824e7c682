import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Bounds on what one request may ask of the server, checked before tRPC, superjson, zod or better-auth see it, so a
 * hostile request is refused with a plain 4xx instead of running (or overflowing the stack in a recursive parser).
 */
export const requestLimits = {
  /** Calls in one tRPC batch. The kiosk and admin clients send one call per request (httpLink). */
  maxBatchCalls: 20,
  /** A signature image (≤ 400 KB of base64) or a document's text (≤ 100,000 characters, escaped) fits easily. */
  maxBodyBytes: 1024 * 1024,
  /** Objects and arrays inside one another; real inputs, wrapped by superjson and a batch, are under 10 deep. */
  maxDepth: 32,
} as const;

/** Fixed wording: never a quote of the request or of a parser's message. */
export const limitMessages = {
  tooManyCalls: `A request may hold at most ${requestLimits.maxBatchCalls} calls. Send the rest in another request.`,
  tooLarge: `The request is too large (at most ${requestLimits.maxBodyBytes / 1024 / 1024} MB).`,
  notJson: 'The request body is not valid JSON.',
  inputNotJson: 'The input in the address is not valid JSON.',
  tooDeep: `The request nests objects or lists more than ${requestLimits.maxDepth} deep.`,
} as const;

// better-auth compares these with stored text in PostgreSQL; NUL there would be an internal error, not a refusal.
const unreadable = /[\p{Cc}\p{Cs}]/u;
const unreadableMessage = 'Contains invisible control characters or broken text; please type it again';

/** `field`: the body's field at fault, when it has a name (sent beside the message, never inside it). */
type Refusal = { status: ContentfulStatusCode; message: string; field?: string };

/**
 * On /trpc and /api/auth: batch size, body size, valid JSON and nesting depth; on /api/auth also no control
 * characters in any string (tRPC inputs get the same check per field from their schemas). The body is read once
 * here, within the limit, and handed on unchanged.
 */
export function limitRequests(): MiddlewareHandler {
  return async (c, next) => {
    const trpc = c.req.path === '/trpc' || c.req.path.startsWith('/trpc/');
    const auth = c.req.path.startsWith('/api/auth/');
    if (!trpc && !auth) return next();
    const refusal = trpc ? refuseTrpcUrl(c) : null;
    if (refusal) return refuse(c, refusal, trpc);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();

    const body = await readWithin(c.req.raw, requestLimits.maxBodyBytes);
    if (body === null) return refuse(c, { status: 413, message: limitMessages.tooLarge }, trpc);
    const contentType = c.req.header('content-type') ?? '';
    if (body.length > 0 && (contentType === '' || contentType.includes('json'))) {
      const checked = checkJson(body, auth);
      if (typeof checked !== 'string') return refuse(c, checked, trpc);
      if (trpc) {
        // tRPC reads the body through Hono's request (c.req.json()), which reads it from this cache (as promises):
        // the text decoded here, instead of a second Request and stream around the same bytes.
        Object.assign(c.req.bodyCache, { text: Promise.resolve(checked) });
        return next();
      }
    }
    // better-auth reads the Request itself: it gets one holding the bytes read here.
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-length');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body, signal: c.req.raw.signal });
    return next();
  };
}

/** A GET query's `input` (JSON in the URL) and, for a batch, the number of calls named in the path. */
function refuseTrpcUrl(c: Context): Refusal | null {
  const path = c.req.path.slice('/trpc/'.length);
  if (c.req.query('batch') === '1' && path.split(/,|%2C/i).length > requestLimits.maxBatchCalls) {
    return { status: 400, message: limitMessages.tooManyCalls };
  }
  const input = c.req.query('input');
  if (input === undefined) return null;
  const checked = checkJson(new TextEncoder().encode(input), false, limitMessages.inputNotJson);
  return typeof checked === 'string' ? null : checked;
}

/** The body's bytes, or null once it is over `max` (declared or actually sent); the rest is never read. */
async function readWithin(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = req.headers.get('content-length');
  if (Number(declared ?? 0) > max) return null;
  // Node's parser ends a body at its declared length, so that body is read whole, without a stream.
  if (declared !== null) return new Uint8Array(await req.arrayBuffer());
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body's text when it passes, else why not. */
function checkJson(
  bytes: Uint8Array,
  refuseControlCharacters: boolean,
  notJson: string = limitMessages.notJson,
): Refusal | string {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return { status: 400, message: notJson };
  }
  return walk(value, refuseControlCharacters) ?? text;
}

/**
 * Depth first without recursion (the point is to survive input that would overflow the stack), refusing at the
 * first level past the limit or, when asked, the first string holding a control character (named by its path).
 */
function walk(root: unknown, refuseControlCharacters: boolean): Refusal | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, depth, path } = item;
    if (typeof value === 'string') {
      if (refuseControlCharacters && unreadable.test(value)) {
        // The field's name only when it looks like one: a key is input too, and is never echoed as sent.
        return { status: 400, message: unreadableMessage, ...(/^[\w.]{1,80}$/.test(path) ? { field: path } : {}) };
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= requestLimits.maxDepth) return { status: 400, message: limitMessages.tooDeep };
      for (const [key, child] of Object.entries(value)) {
        stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

/**
 * tRPC's own error shape (superjson-wrapped, as the clients read it), so the apps show the message; better-auth's
 * clients read `{ code, message }`.
 */
function refuse(c: Context, { status, message, field }: Refusal, trpc: boolean) {
  // The rest of a too-large body was never read, so this connection cannot carry another request: say so, or a
  // client that reuses it finds it closed under its next request.
  if (status === 413) c.header('Connection', 'close');
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  if (!trpc) return c.json({ code, message, ...(field ? { field } : {}) }, status);
  const rpcCode = status === 413 ? -32413 : -32600;
  const fieldErrors = field ? [{ path: field, message, key: `${field}.custom` }] : [];
  return c.json(
    { error: { json: { message, code: rpcCode, data: { code, httpStatus: status, fieldErrors } } } },
    status,
  );
}
