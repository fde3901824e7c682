import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The compiled server `npm start` runs, built again when any source it bundles is newer than it: `turbo run test`
 * builds it first anyway, and a single e2e file run by hand after an edit still tests the edit.
 */
export function ensureServerBuilt(repoRoot: string): string {
  const bundle = join(repoRoot, 'apps/server/dist/main.js');
  const builtAt = modifiedAt(bundle);
  const sources = ['apps/server/src', 'packages/api/src', 'packages/db/src', 'packages/validators/src'];
  if (builtAt === null || sources.some((dir) => newestIn(join(repoRoot, dir)) > builtAt)) {
    execFileSync(process.execPath, [join(repoRoot, 'apps/server/build.mjs')], { stdio: 'ignore' });
  }
  return bundle;
}

function modifiedAt(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
