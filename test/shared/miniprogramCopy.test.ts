import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { header, SOURCE, syncShared, TARGET } from '../../scripts/sync-shared';

const tsFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.ts')).sort();

test('src/shared imports nothing from outside itself (the mini-program gets these files alone)', () => {
  for (const name of tsFiles(SOURCE)) {
    const text = readFileSync(join(SOURCE, name), 'utf8');
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect([name, specifiers.filter((s) => !/^\.\/[^/]+$/.test(s))]).toEqual([name, []]);
  }
});

describe('scripts/sync-shared.js: src/shared → miniprogram/shared', () => {
  let scratch = '';
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = '';
  });

  test('after a sync, miniprogram/shared holds every src/shared file, unchanged but for its header, and nothing else', () => {
    syncShared();
    expect(readdirSync(TARGET).sort()).toEqual(tsFiles(SOURCE));
    for (const name of tsFiles(SOURCE)) {
      const copy = readFileSync(join(TARGET, name), 'utf8');
      const [first, ...rest] = copy.split('\n');
      expect(`${first}\n`).toBe(header(name));
      expect(first).toMatch(/^\/\/ Generated from src\/shared\/.*do not edit/);
      expect(rest.join('\n')).toBe(readFileSync(join(SOURCE, name), 'utf8'));
    }
  });

  test('a sync removes stale files, restores an edited copy and leaves an up-to-date one alone', () => {
    scratch = mkdtempSync(join(tmpdir(), 'shared-sync-'));
    syncShared(SOURCE, scratch);
    const [edited, untouched] = tsFiles(SOURCE);
    writeFileSync(join(scratch, edited), '// edited by hand\n');
    writeFileSync(join(scratch, 'removedLongAgo.ts'), 'export const stale = 1;\n');

    const result = syncShared(SOURCE, scratch);

    expect(result).toEqual({ written: [edited], removed: ['removedLongAgo.ts'] });
    expect(tsFiles(scratch)).toEqual(tsFiles(SOURCE));
    expect(readFileSync(join(scratch, edited), 'utf8')).toBe(header(edited) + readFileSync(join(SOURCE, edited), 'utf8'));
    expect(result.written).not.toContain(untouched);
    expect(syncShared(SOURCE, scratch)).toEqual({ written: [], removed: [] });
  });
});
