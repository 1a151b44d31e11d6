import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/store/dataSource';

/** The SQLite database holds names, ID numbers and incomes: nobody but the service's user reads it. */
const mode = (path: string) => statSync(path).mode & 0o777;

describe('SQLite file permissions', () => {
  let root: string;
  let previousUmask: number;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'shenbao-perm-'));
    // The usual umask: without care, directories come out 0755 and files 0644.
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the data directory 0700 and the database, -wal and -shm files 0600', async () => {
    const path = join(root, 'fresh', 'data', 'shenbao.db');
    const db = createDataSource({ kind: 'sqlite', path });
    await db.initialize();
    try {
      await db.runMigrations();
      await db.query('CREATE TABLE scratch (n INTEGER)');
      await db.query('INSERT INTO scratch (n) VALUES (1)');
      expect(mode(join(root, 'fresh'))).toBe(0o700);
      expect(mode(join(root, 'fresh', 'data'))).toBe(0o700);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(file)).toBe(true);
        expect([file, mode(file)]).toEqual([file, 0o600]);
      }
    } finally {
      await db.destroy();
    }
  });

  it('tightens a database file an older version left readable to everyone', async () => {
    const path = join(root, 'old.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const db = createDataSource({ kind: 'sqlite', path });
    await db.initialize();
    await db.destroy();
    expect(mode(path)).toBe(0o600);
  });

  it('keeps the development secrets beside the database in the same private directory', () => {
    const dir = join(root, 'dev');
    loadConfig({ NODE_ENV: 'development', DATABASE_URL: `sqlite:${join(dir, 'shenbao.db')}` });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'dev-secrets.json'))).toBe(0o600);
  });
});
