// Bundles the widget into one minified script (dist/widget/widget.js, or the path given) with
// esbuild, socket.io-client tree-shaken in, and prints its size gzipped (the README's figure).
//   node widget/build.mjs [outfile]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = resolve(process.argv[2] ?? join(here, '..', 'dist', 'widget', 'widget.js'));

const result = await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  // Builds for browsers: socket.io-client's browser files, without its debug logging.
  conditions: ['browser', 'import'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  write: false,
});

// Written aside and renamed, so a server (or a test) reading the file never sees half of it.
const bytes = Buffer.from(result.outputFiles[0].contents);
mkdirSync(dirname(outfile), { recursive: true });
const partial = `${outfile}.${process.pid}.tmp`;
writeFileSync(partial, bytes);
renameSync(partial, outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`widget: ${outfile} ${(bytes.length / 1024).toFixed(1)} kB, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
