#!/usr/bin/env node
/**
 * Copies src/shared/*.ts into miniprogram/shared/ (git-ignored), each with a one-line header,
 * because WeChat DevTools only sees the miniprogram/ folder. Removes any file there that no
 * longer has a source, and rewrites only what changed. Plain JS with no dependencies, so it runs
 * on `npm install` (prepare) before anything is compiled; `npm test` and `npm run mp:build`
 * run it too.
 */
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const SOURCE = join(ROOT, 'src', 'shared');
const TARGET = join(ROOT, 'miniprogram', 'shared');

/** The line put on top of every copy. */
function header(name) {
  return `// Generated from src/shared/${name} by scripts/sync-shared.js: do not edit here, edit src/shared/${name}.\n`;
}

/** Makes `to` hold exactly the .ts files of `from`, each with its header; returns what it wrote and removed. */
function syncShared(from = SOURCE, to = TARGET) {
  const names = readdirSync(from).filter((name) => name.endsWith('.ts') && statSync(join(from, name)).isFile());
  mkdirSync(to, { recursive: true });
  const written = [];
  const removed = [];
  for (const name of names) {
    const content = header(name) + readFileSync(join(from, name), 'utf8');
    const file = join(to, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    writeFileSync(file, content);
    written.push(name);
  }
  for (const name of readdirSync(to)) {
    if (names.includes(name)) continue;
    rmSync(join(to, name), { recursive: true, force: true });
    removed.push(name);
  }
  return { written, removed };
}

module.exports = { syncShared, header, SOURCE, TARGET };

if (require.main === module) {
  const { written, removed } = syncShared();
  if (written.length || removed.length) {
    console.log(`miniprogram/shared: ${written.length} written, ${removed.length} removed`);
  }
}
