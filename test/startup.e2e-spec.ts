import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const run = (entry: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['--no-node-snapshot', path.resolve('dist/src', entry)], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('start-up checks (compiled entrypoints)', () => {
  it('exits non-zero with one line naming the PostgreSQL URL and how to start it', () => {
    const res = run('main.js', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5999/dojo' });
    expect(res.status).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:5999\/dojo .*start it with/,
    );
  });

  it('exits non-zero with one line naming the Redis URL when Redis is down', () => {
    const res = run('worker.js', { REDIS_URL: 'redis://127.0.0.1:6999' });
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:6999.*redis-server/);
  });

  it('names a bad configuration variable', () => {
    const res = run('main.js', { PORT: 'not-a-port' });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/Invalid configuration: PORT/);
  });
});
