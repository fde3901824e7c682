import { afterEach, describe, expect, it, vi } from 'vitest';
import { logError, safeMessage } from './log.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function captured(): () => string {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => spy.mock.calls.map((c) => c.join(' ')).join('\n');
}

describe('logError', () => {
  it('reduces a PostgreSQL error behind a failed query to its code and constraint', () => {
    const output = captured();
    const pg = Object.assign(new Error('duplicate key value (visitor_name)=(Jane Doe)'), {
      name: 'PostgresError',
      code: '23505',
      constraint_name: 'visit_open_code_idx',
    });
    const wrapped = Object.assign(new Error('Failed query: insert ... params: Jane Doe,Uni'), {
      name: 'DrizzleQueryError',
      cause: pg,
    });
    logError('trpc visits.signIn', wrapped);
    expect(output()).toContain('postgres 23505 (visit_open_code_idx)');
    expect(output()).not.toContain('Jane');
  });

  it('withholds the parameters of a failed query that has no PostgreSQL cause', () => {
    const output = captured();
    logError('x', Object.assign(new Error('Failed query: select ... params: Jane Doe'), { name: 'DrizzleQueryError' }));
    expect(output()).toContain('parameters withheld');
    expect(output()).not.toContain('Jane');
  });

  it('logs a lost database connection as one line, once per place per half minute', () => {
    const output = captured();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const wrapped = Object.assign(new Error('Failed query: select ... params: Jane Doe'), {
      name: 'DrizzleQueryError',
      cause: refused,
    });
    logError('audit sealer', wrapped);
    logError('audit sealer', wrapped);
    logError('outbox', refused);
    expect(output().split('\n')).toEqual([
      '[error] audit sealer: database connection failed (ECONNREFUSED)',
      '[error] outbox: database connection failed (ECONNREFUSED)',
    ]);
  });

  it('keeps the message and stack frames of an ordinary error', () => {
    const output = captured();
    logError('boot', new Error('port in use'));
    expect(output()).toMatch(/boot: Error: port in use\n\s+at /);
  });
});

describe('logError with the errors drizzle 0.45 really throws', () => {
  it('withholds the parameters of a real DrizzleQueryError (named plain "Error") and of a wrapper that copied them', async () => {
    const { DrizzleQueryError } = await import('drizzle-orm/errors');
    const output = captured();
    const failed = new DrizzleQueryError(
      'select * from visit where visitor_name = $1',
      ['Jane Doe'],
      new Error('boom'),
    );
    expect(failed.name).toBe('Error');
    logError('visits', failed);
    logError('trpc visits.list', Object.assign(new Error(failed.message), { cause: failed }));
    logError('copied', new Error(failed.message));
    expect(output()).toContain('parameters withheld');
    expect(output()).not.toContain('Jane');
    expect(output()).not.toContain('visitor_name');
  });

  it('gives the same safe text for a failure to start', () => {
    const failed = Object.assign(new Error('Failed query: insert into instance_secret\nparams: auth,s3cret'), {
      query: 'insert into instance_secret',
      params: ['auth', 's3cret'],
    });
    expect(safeMessage(failed)).not.toContain('s3cret');
    expect(safeMessage(new Error('port 3000 in use'))).toBe('port 3000 in use');
  });
});
