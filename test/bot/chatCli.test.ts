import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validIdNumber } from '../support/ids';
import { codeIn } from '../support/trackingCode';

/**
 * `npm run chat` driven through stdin, as a newcomer would pipe it: a resident declares, the
 * village's cadre (demo account) lists the queue and accepts, the resident sees the progress.
 * One throwaway SQLite file shared by the three runs; the demo county is loaded on first start.
 */
jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..');
const CADRE = 'c152221100001'; // the demo cadre of 兴科居委会

function chat(args: string[], lines: string[], databasePath: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/chat.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `sqlite:${databasePath}`, NODE_ENV: 'development', DEMO_SEED: 'auto', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

describe('npm run chat (terminal simulator)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-chat-'));
  const db = join(dir, 'chat.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the whole flow from stdin: declare, queue, accept, progress', async () => {
    const resident = await chat(['--as', 'resident'], ['你好', '1', '兴科', '巴特尔', validIdNumber(21), '13912345678', '4', '1', '1万2', '2', '1'], db);
    expect(resident.stderr).toContain('已载入演示县');
    expect(resident.code).toBe(0);
    expect(resident.stdout).toMatch(/请核对：\n\s+户主巴特尔，4口人\n\s+兴科居委会\n\s+电话13912345678\n\s+困难：看病花钱多（自付约12000元）/);
    const trackingCode = codeIn(resident.stdout);
    expect(trackingCode).toBeDefined();

    const cadre = await chat(['--as', `cadre:${CADRE}`], ['待办', `受理 ${trackingCode}`], db);
    expect(cadre.code).toBe(0);
    expect(cadre.stdout).toContain(`1. ${trackingCode} 兴科居委会 因病 待受理`);
    expect(cadre.stdout).toContain(`已受理 ${trackingCode}，现在是“入户核查”。`);

    const again = await chat([], ['查询', '/quit', '这一行不会被读到'], db);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`申报号 ${trackingCode.slice(0, 4)} ${trackingCode.slice(4)}（`);
    expect(again.stdout).toContain('：村干部已受理。');
    expect(again.stdout).not.toContain('这一行不会被读到');
  });

  it('refuses an unknown identity with a usage error', async () => {
    const result = await chat(['--as', 'mayor'], [], db);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--as: 应为 resident 或 cadre:<username>');
  });
});
