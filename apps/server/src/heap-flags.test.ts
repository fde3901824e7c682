import { describe, expect, it } from 'vitest';
import { SEMI_SPACE_FLAG, workerExecArgv } from './heap-flags.ts';

describe('the flags a cluster worker runs with', () => {
  it('add the smaller semi-space to the primary’s own flags', () => {
    expect(workerExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', SEMI_SPACE_FLAG]);
  });

  it('keep a semi-space size the operator chose', () => {
    expect(workerExecArgv(['--max-semi-space-size=16'])).toEqual(['--max-semi-space-size=16']);
  });
});
