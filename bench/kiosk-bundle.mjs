// The kiosk's initial JavaScript, gzipped, from the production build: every script the first screen loads
// (the entry chunk and the chunks it imports statically). Lazy chunks (signature pad, QR code) are excluded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { recordResults } from './results.mjs';

const LIMIT_KB = 150;
const dist = fileURLToPath(new URL('../apps/kiosk/dist/', import.meta.url));
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [
  ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/kiosk\/([^"]+\.js)"/g),
].map((m) => m[1]);
if (entries.length === 0) throw new Error('no entry script found in apps/kiosk/dist/index.html: build the kiosk first');

const seen = new Set();
function collect(file) {
  if (seen.has(file)) return;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports between chunks: `import ... from "./x.js"` or `import "./x.js"` (dynamic import() is lazy).
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    collect(join('assets', m[1]));
  }
}
for (const entry of entries) collect(entry);

const gzipBytes = [...seen].reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
const kb = Math.round((gzipBytes / 1024) * 10) / 10;
// `--check` (as part of npm test) enforces the budget without rewriting the recorded results.
if (!process.argv.includes('--check'))
  recordResults({
    kiosk_js_gzip_kb: {
      value: kb,
      unit: 'KB',
      limit: LIMIT_KB,
      description: `kiosk initial JavaScript, gzip -6 (${seen.size} file${seen.size === 1 ? '' : 's'})`,
    },
  });
console.log(`kiosk initial JS: ${kb} KB gzipped (${[...seen].join(', ')}); limit ${LIMIT_KB} KB`);
if (kb > LIMIT_KB) {
  console.error(`over the ${LIMIT_KB} KB budget: lazy-load what the first screen does not need`);
  process.exitCode = 1;
}
