// Bundles the command line's two entries (dist/server/main.js, dist/cli/main.js) into dist/bin/,
// the code bin/minivault runs. Node 20's ES module loader pays about a millisecond for each
// module it resolves, links and compiles, and `server -dev` alone loads ~140 of them, most of a
// start's time; one bundle per entry (plus shared chunks) removes that cost. Dynamic imports stay
// separate chunks, so engines, TLS, rekey and the rest still load only when first used.
// Whitespace and syntax are minified (less to parse); identifiers are kept, so stack traces
// name the functions they came from. Packages stay external and resolve from node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const outdir = join(dist, 'bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(dist, 'server/main.js'), join(dist, 'cli/main.js')],
  outbase: dist,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
