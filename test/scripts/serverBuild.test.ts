import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '../..');
const run = promisify(execFile);

/** `npm start` runs the compiled service: the build is incremental, and what it builds starts and serves the API and the console. */
describe('the server build', () => {
  it('compiles only what changed', async () => {
    await run(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT });
    const out = join(ROOT, 'dist/src/domain/caseTally.js');
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.map`)).toBe(true);
    const quiet = await run(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT });
    expect(quiet.stdout).toBe('');
    // A source newer than its output is compiled again, alone.
    const source = join(ROOT, 'src/domain/caseTally.ts');
    const later = new Date(statSync(out).mtimeMs + 2000);
    utimesSync(source, later, later);
    const again = await run(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT });
    expect(again.stdout).toMatch(/^server build: 1 file\(s\) compiled/);
  });

  it('starts from dist/ and serves the API and the console', async () => {
    await run(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT });
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', PORT: '0', HOST: '127.0.0.1', DEMO_SEED: 'off', SCHEDULER: 'off', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const started = /"url":"(http:\/\/[^"]+)"/.exec(output);
          if (started) resolve(started[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok' });
      const page = await fetch(`${url}/console/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
