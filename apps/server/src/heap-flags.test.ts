import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, workerExecArgv } from './heap-flags.ts';

describe('npm start', () => {
  it('runs the server with the heap flags (the primary cannot set them for itself)', () => {
    const start: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start;
    expect(start.split(' ')).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
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
