import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPages, checkWxml, checkWxss } from '../../scripts/mp-build';
import { MP_ROOT } from './support/simulate';

/** A throwaway copy of the mini-program to break on purpose. */
function copyOfMiniProgram(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mp-check-'));
  cpSync(MP_ROOT, dir, { recursive: true });
  return dir;
}

const app = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as { pages: string[] };
let copy = '';
afterEach(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
  copy = '';
});

test('every page and component compiles with WeChat’s WXML and WXSS compilers', () => {
  const wxml = checkWxml(MP_ROOT);
  for (const page of app.pages) expect(wxml).toContain(`${page}.wxml`);
  expect(wxml).toContain('components/case-timeline/index.wxml');
  expect(checkWxss(MP_ROOT)).toContain('app.wxss');
  expect(checkPages(MP_ROOT)).toEqual(app.pages);
});

test('a broken tag fails the check and names the file', () => {
  copy = copyOfMiniProgram();
  const file = join(copy, 'pages/declare/index.wxml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('</view>', '</vew>'));
  expect(() => checkWxml(copy)).toThrow(/pages\/declare\/index\.wxml/);
});

test('an unclosed expression fails the check', () => {
  copy = copyOfMiniProgram();
  writeFileSync(join(copy, 'pages/home/index.wxml'), '<view>{{contacts[0].name</view>\n');
  expect(() => checkWxml(copy)).toThrow(/pages\/home\/index\.wxml/);
});

test('broken WXSS, a missing page file or component fails the check', () => {
  copy = copyOfMiniProgram();
  writeFileSync(join(copy, 'pages/result/index.wxss'), '.code { color: red;\n');
  expect(() => checkWxss(copy)).toThrow(/pages\/result\/index\.wxss/);

  rmSync(join(copy, 'pages/cases/index.wxss'));
  rmSync(join(copy, 'components/case-timeline/index.json'));
  expect(() => checkPages(copy)).toThrow(/pages\/cases\/index\.wxss[\s\S]*case-timeline/);
});
