/**
 * `npm run mp:build`: the offline check of the resident mini-program before it is opened in
 * WeChat DevTools or uploaded.
 *   0. copies src/shared/*.ts into miniprogram/shared/ (scripts/sync-shared.js): the rules the
 *      server and the mini-program share, which DevTools can only see inside miniprogram/;
 *   1. type-checks miniprogram/ with its own tsconfig (DevTools compiles the .ts itself through
 *      `useCompilerPlugins: ["typescript"]`, so nothing is emitted here);
 *   2. checks every page listed in app.json has its four files and every usingComponents target exists;
 *   3. compiles every WXML and WXSS file with WeChat's own compilers (miniprogram-compiler), which
 *      throw on bad markup;
 *   4. with MP_APP_ID set, writes that app id into project.private.config.json (git-ignored), which
 *      DevTools prefers over the placeholder "touristappid" in project.config.json.
 * The checks are exported so test/miniprogram/wxmlCompile.test.ts runs them under `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { syncShared } from './sync-shared';

interface MiniProgramCompiler {
  wxmlToJs(root: string, options?: { wxmlList?: string[] }): string;
}
type WxssCompiler = (root: string, files: string[]) => Record<string, string> | Error;

// No type declarations ship with these packages; the shapes above are all this script uses.
const compiler = require('miniprogram-compiler') as MiniProgramCompiler;
const wcsc = require('miniprogram-compiler/src/wcsc') as WxssCompiler;

export const MINIPROGRAM_ROOT = resolve(__dirname, '..', 'miniprogram');

/** Files under `root` ending in `ext`, relative to root, with forward slashes. */
export function filesWithExtension(root: string, ext: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(ext)) found.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return found.sort();
}

/** Compiles every .wxml under root with WeChat's wcc; throws naming the file and line on bad markup. */
export function checkWxml(root: string): string[] {
  const files = filesWithExtension(root, '.wxml');
  if (!files.length) throw new Error(`${root} 下没有 .wxml 文件`);
  compiler.wxmlToJs(root, { wxmlList: files });
  return files;
}

/** Compiles every .wxss under root with WeChat's wcsc (which returns its error instead of throwing). */
export function checkWxss(root: string): string[] {
  const files = filesWithExtension(root, '.wxss');
  const result = wcsc(root, files.map((f) => f.slice(0, -'.wxss'.length)));
  if (result instanceof Error) throw result;
  return files;
}

/** Every page in app.json has .ts/.json/.wxml/.wxss, and every usingComponents path resolves. */
export function checkPages(root: string): string[] {
  const app = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { pages: string[] };
  const problems: string[] = [];
  const jsonFiles = filesWithExtension(root, '.json');
  for (const page of app.pages) {
    for (const ext of ['.ts', '.json', '.wxml', '.wxss']) {
      if (!existsSync(join(root, page + ext))) problems.push(`app.json 列出的页面缺少文件：${page}${ext}`);
    }
  }
  for (const file of jsonFiles) {
    let json: { usingComponents?: Record<string, string> };
    try {
      json = JSON.parse(readFileSync(join(root, file), 'utf8'));
    } catch (err) {
      problems.push(`${file} 不是合法的 JSON：${(err as Error).message}`);
      continue;
    }
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      const base = target.startsWith('/') ? join(root, target) : join(root, file, '..', target);
      if (!existsSync(`${base}.json`)) problems.push(`${file} 引用的组件 <${tag}> 不存在：${target}`);
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return app.pages;
}

function typecheck(root: string): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('小程序 TypeScript 类型检查没有通过（见上面的输出）');
}

/** MP_APP_ID → project.private.config.json, leaving the committed project.config.json alone. */
function writeAppId(root: string, appId: string | undefined): string {
  if (!appId) return 'touristappid（未设置 MP_APP_ID，用游客模式打开）';
  if (!/^wx[0-9a-f]{16}$/.test(appId)) throw new Error(`MP_APP_ID 格式不对：${appId}（应为 wx 开头的18位）`);
  const file = join(root, 'project.private.config.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...current, appid: appId }, null, 2)}\n`);
  return `${appId}（已写入 project.private.config.json）`;
}

function main(): void {
  const root = MINIPROGRAM_ROOT;
  const synced = syncShared();
  console.log(`✓ shared/ 与 src/shared 一致（更新 ${synced.written.length} 个，删除 ${synced.removed.length} 个）`);
  typecheck(root);
  console.log('✓ TypeScript');
  console.log(`✓ 页面文件齐全：${checkPages(root).length} 个页面`);
  console.log(`✓ WXML 编译通过：${checkWxml(root).length} 个文件`);
  console.log(`✓ WXSS 编译通过：${checkWxss(root).length} 个文件`);
  console.log(`appid：${writeAppId(root, process.env.MP_APP_ID)}`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
