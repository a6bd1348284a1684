// Minifies the JS glue of a release build in dist/ and keeps index.html's subresource
// integrity hash true to the new bytes. Trunk leaves wasm-bindgen's glue unminified; terser
// takes about a quarter off its gzip size. Usage: node scripts/minify-js.mjs DIST_DIR
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node scripts/minify-js.mjs DIST_DIR');
  process.exit(2);
}

const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const indexPath = join(dist, 'index.html');
let index = readFileSync(indexPath, 'utf8');

for (const name of readdirSync(dist).filter((n) => n.endsWith('.js'))) {
  const path = join(dist, name);
  const original = readFileSync(path, 'utf8');
  // The glue is an ES module whose exports the page's loader imports by name; terser keeps
  // exported names in module mode and renames only what is local.
  const result = await minify(original, { module: true, compress: true, mangle: true });
  if (typeof result.code !== 'string') {
    throw new Error(`terser gave no output for ${name}`);
  }
  const before = integrity(original);
  if (!index.includes(before)) {
    // Without the old hash in the page, a changed file would be refused by the browser.
    throw new Error(`index.html holds no integrity hash for ${name}`);
  }
  writeFileSync(path, result.code);
  index = index.replaceAll(before, integrity(result.code));
}
writeFileSync(indexPath, index);
