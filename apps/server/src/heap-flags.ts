/**
 * V8's heap for the server, both measured with the compiled server under bench:signin on the shared 2-core machine:
 * - semi-spaces of 4 MB instead of node 20's 16 MB: idle RSS 133-134 -> 112-114 MB, node CPU per sign-in within the
 *   noise; 2 MB saved no more memory.
 * - the old space grown by 30 % after each full collection instead of V8's up to 4x: peak RSS at 64 kiosks
 *   210-245 -> 134-144 MB, throughput within the run-to-run noise. Unlike --max-old-space-size it is no ceiling, so a
 *   large export still gets the memory it needs.
 * V8 reads them only at start, so they are command-line flags: `npm start` passes them, and cluster workers get them
 * from here.
 */
export const HEAP_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=30'] as const;

/** The node flags for a worker: the primary's own, with each heap flag the operator did not set otherwise. */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const chosen = (flag: string) => execArgv.some((given) => given.split('=')[0] === flag.split('=')[0]);
  return [...execArgv, ...HEAP_FLAGS.filter((flag) => !chosen(flag))];
}
