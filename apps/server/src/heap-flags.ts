/**
 * V8's heap for the server: the old space grows by 30 % after each full collection instead of V8's up to 4x. Peak
 * RSS at 64 kiosks went from 210-245 to 134-144 MB in alternating bench:signin runs, throughput within the run-to-run
 * noise. Unlike --max-old-space-size it is no ceiling, so a large export still gets the memory it needs.
 * The young generation keeps node's default (16 MB semi-spaces): with 4 MB, garbage collection was 16 % of the
 * server's busy time under 32 kiosks, with 16 MB 8-9 % (node CPU per sign-in about a fifth lower), for about 30 MB
 * more at peak; idle, V8 gives the difference back within 20 s of start (100-102 MB either way).
 * V8 reads it only at start, so it is a command-line flag: `npm start` passes it, and cluster workers get it from here.
 */
export const HEAP_FLAGS = ['--heap-growing-percent=30'] as const;

/** The node flags for a worker: the primary's own, with each heap flag the operator did not set otherwise. */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const chosen = (flag: string) => execArgv.some((given) => given.split('=')[0] === flag.split('=')[0]);
  return [...execArgv, ...HEAP_FLAGS.filter((flag) => !chosen(flag))];
}
