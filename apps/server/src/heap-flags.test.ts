import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, workerExecArgv } from './heap-flags.ts';

describe('npm start and the systemd unit', () => {
  // The primary cannot set them for itself: V8 reads them only at start.
  it('run the server with the heap flags', () => {
    const start: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start;
    expect(start.split(' ')).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
    const unit = readFileSync(new URL('../../../deploy/threshold.service', import.meta.url), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    expect(execStart.split(' ')).toEqual(expect.arrayContaining([...HEAP_FLAGS, 'apps/server/dist/main.js']));
  });
});

describe('the flags a cluster worker runs with', () => {
  it('add the heap flags to the primary’s own flags', () => {
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', ...HEAP_FLAGS]);
  });

  it('keep a heap growth the operator chose', () => {
    expect(workerExecArgv(['--heap-growing-percent=50', '--max-semi-space-size=8'])).toEqual([
      '--heap-growing-percent=50',
      '--max-semi-space-size=8',
    ]);
  });
});
