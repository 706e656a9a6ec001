// Bundles the designer into dist/designer.js and dist/designer.css, which the Server embeds.
import { build } from 'esbuild';

await build({
  entryPoints: { designer: 'src/main.ts' },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir: 'dist',
  legalComments: 'eof',
  logLevel: 'warning',
});
