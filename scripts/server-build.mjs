#!/usr/bin/env node
/**
 * Compiles the service (src/, migrations/, bot/) to dist/ with swc, file by file, mirroring the
 * tree, so `npm start` runs JavaScript: compiling TypeScript in the process at every start
 * (@swc-node/register) was most of the start-up time and ~47 MB of its memory (issue 10).
 * Only files whose source is newer than their output are compiled again; outputs whose source
 * is gone are removed. Type checking stays with `tsc --noEmit` in `npm test`.
 *
 *   node scripts/server-build.mjs          compile what changed (quiet when nothing did)
 *   node scripts/server-build.mjs --clean  compile everything
 */
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const TREES = ['src', 'migrations', 'bot'];

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

async function* outputs(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* outputs(path);
    else yield path;
  }
}

const mtime = async (path) => (await stat(path).catch(() => null))?.mtimeMs ?? -1;

async function build({ clean }) {
  const started = performance.now();
  const swcrc = JSON.parse(await readFile(join(ROOT, '.swcrc'), 'utf8'));
  const wanted = new Set();
  const stale = [];
  for (const tree of TREES) {
    for await (const source of sources(join(ROOT, tree))) {
      const out = join(OUT, relative(ROOT, source)).replace(/\.ts$/, '.js');
      wanted.add(out);
      wanted.add(`${out}.map`);
      if (clean || (await mtime(out)) < (await mtime(source))) stale.push({ source, out });
    }
  }
  await Promise.all(
    stale.map(async ({ source, out }) => {
      const { code, map } = await transformFile(source, { ...swcrc, swcrc: false, filename: source, sourceMaps: true, sourceFileName: relative(dirname(out), source) });
      await mkdir(dirname(out), { recursive: true });
      await writeFile(`${out}.map`, map ?? '');
      await writeFile(out, `${code}\n//# sourceMappingURL=${out.slice(dirname(out).length + 1)}.map\n`);
    }),
  );
  let removed = 0;
  for (const tree of TREES) {
    for await (const out of outputs(join(OUT, tree))) {
      if (!wanted.has(out)) {
        await rm(out);
        removed++;
      }
    }
  }
  if (stale.length || removed) {
    console.log(`server build: ${stale.length} file(s) compiled${removed ? `, ${removed} removed` : ''} in ${Math.round(performance.now() - started)} ms → dist/`);
  }
}

build({ clean: process.argv.includes('--clean') }).catch((error) => {
  console.error(error);
  process.exit(1);
});
