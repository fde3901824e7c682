import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHUTDOWN_GRACE_MS, shutdownAwareLog } from './shutdown-log.ts';

const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), {
  name: 'PostgresError',
  code: '57P01',
});

afterEach(() => vi.useRealTimers());

describe('the error log at shutdown', () => {
  it('drops the database ending our connections when the server is stopping by then', () => {
    vi.useFakeTimers();
    const log = vi.fn();
    let stopping = false;
    shutdownAwareLog(() => stopping, log)('jobs', adminShutdown);
    stopping = true;
    vi.advanceTimersByTime(SHUTDOWN_GRACE_MS);
    expect(log).not.toHaveBeenCalled();
  });

  it('still logs the database shutting down while the server keeps running', () => {
    vi.useFakeTimers();
    const log = vi.fn();
    shutdownAwareLog(() => false, log)('jobs', adminShutdown);
    expect(log).not.toHaveBeenCalled();
    vi.advanceTimersByTime(SHUTDOWN_GRACE_MS);
    expect(log).toHaveBeenCalledWith('jobs', adminShutdown);
  });

  it('logs any other error at once, stopping or not', () => {
    const log = vi.fn();
    const other = Object.assign(new Error('x'), { name: 'PostgresError', code: '23505' });
    shutdownAwareLog(() => true, log)('sealer', other);
    expect(log).toHaveBeenCalledWith('sealer', other);
  });
});
