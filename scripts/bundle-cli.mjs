// Bundles the compiled CLI (dist/cli/main.js) into one file, dist/minivault.mjs, which
// bin/minivault runs. Node 20 loads ES modules one file at a time (~120 for `server`), and that
// was most of `minivault server -dev`'s start-up; one file loads in about a quarter of the time.
// Usage: node scripts/bundle-cli.mjs [root]   (root defaults to the repository; tests pass a temp build)
import { build } from 'esbuild';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outfile: join(root, 'dist/minivault.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
