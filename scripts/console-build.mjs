// Builds the county console (console/ → console/dist) with Vite.
//   node scripts/console-build.mjs            build now
//   node scripts/console-build.mjs --if-stale build only when a source is newer than the build
// `npm install` (prepare) builds it; `npm start` and `npm test` build it when stale, so a fresh
// clone and an edited source both serve what the sources say.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'console');
const built = join(root, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'dist' && name !== 'node_modules') latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

if (process.argv.includes('--if-stale') && existsSync(built) && statSync(built).mtimeMs >= newest(root)) process.exit(0);

let vite;
try {
  vite = await import('vite');
} catch {
  console.error('控制台构建需要 vite（开发依赖）：请先运行 npm install');
  process.exit(1);
}
const started = Date.now();
await vite.build({ configFile: join(root, 'vite.config.mts'), logLevel: 'warn' });
console.log(`控制台已构建：console/dist（${((Date.now() - started) / 1000).toFixed(1)} s）`);
