/**
 * The second wall: sandbox children run as an unprivileged user when the worker is root.
 * Needs root to switch users (these run as root in this project's CI); skipped otherwise.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../config/config.js';
import { closeDefaultSandboxPool, defaultSandboxPool, SandboxPool, sandboxPoolOptions } from './sandbox.js';
import { CIFAR10_TASK, denseModelJs } from './testing/submissions.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const whenRoot = asRoot ? it : it.skip;

// A directory anyone may enter, holding a root-only file and a world-readable one: a refusal
// of the first is then about the file's permissions, not about the path.
const dir = mkdtempSync(join(tmpdir(), 'sandbox-user-'));
chmodSync(dir, 0o755);
const secret = join(dir, 'root-only.txt');
const open = join(dir, 'world-readable.txt');
writeFileSync(secret, 'root only', { mode: 0o600 });
writeFileSync(open, 'anyone', { mode: 0o644 });

afterAll(async () => {
  await closeDefaultSandboxPool();
  rmSync(dir, { recursive: true, force: true });
});

/** Real, effective, saved and filesystem ids of a process, and its supplementary groups. */
function idsOf(pid: number): { uid: number[]; gid: number[]; groups: string } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => (new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(status)?.[1] ?? '').trim();
  return {
    uid: field('Uid').split(/\s+/).map(Number),
    gid: field('Gid').split(/\s+/).map(Number),
    groups: field('Groups'),
  };
}

describe('sandbox children as an unprivileged user', () => {
  it('defaults SANDBOX_UID/SANDBOX_GID to nobody only when the process is root', () => {
    const config = validateConfig({});
    expect(config.SANDBOX_UID).toBe(asRoot ? NOBODY : undefined);
    expect(config.SANDBOX_GID).toBe(asRoot ? NOBODY : undefined);
    expect(validateConfig({ SANDBOX_UID: String(process.getuid?.()) }).SANDBOX_UID).toBe(process.getuid?.());
  });

  it('passes the SANDBOX_* settings to the pool', () => {
    const options = sandboxPoolOptions(
      validateConfig({
        SANDBOX_POOL_SIZE: '3',
        SANDBOX_MEMORY_MB: '96',
        SANDBOX_CPU_MS: '1500',
        SANDBOX_WALL_MS: '4000',
        SANDBOX_MAX_OUTPUT_BYTES: '65536',
        SANDBOX_CHILD_HEAP_MB: '384',
      }),
    );
    expect(options).toMatchObject({
      size: 3,
      limits: { memoryMb: 96, cpuMs: 1500, wallMs: 4000, maxOutputBytes: 65536 },
      childHeapMb: 384,
    });
  });

  it('accepts any SANDBOX_UID under root, and refuses one it could not switch to otherwise', () => {
    if (asRoot) expect(() => validateConfig({ SANDBOX_UID: '1234' })).not.toThrow();
    else expect(() => validateConfig({ SANDBOX_UID: '0' })).toThrow(/SANDBOX_UID/);
  });

  whenRoot(
    'runs a child started with uid/gid 65534 as nobody: it cannot read a root-only file, and still builds and runs code',
    async () => {
      const pool = new SandboxPool({ uid: NOBODY, gid: NOBODY });
      try {
        const inside = await pool.diagnose(secret);
        expect(inside).toMatchObject({ uid: NOBODY, gid: NOBODY, read: 'EACCES' });
        expect((await pool.diagnose(open)).read).toBe('ok');
        // Seen from outside too: every id dropped, no supplementary group (root's) kept.
        const ids = idsOf(inside.pid);
        expect(ids.uid).toEqual([NOBODY, NOBODY, NOBODY, NOBODY]);
        expect(ids.gid).toEqual([NOBODY, NOBODY, NOBODY, NOBODY]);
        expect(ids.groups).toBe('');
        // It reads what it needs (node_modules, the bundled child and guest programs).
        const built = await pool.build({ language: 'JAVASCRIPT', code: denseModelJs(4), task: CIFAR10_TASK });
        expect(built.ok).toBe(true);
        const run = await pool.runFunction({
          language: 'TYPESCRIPT',
          code: 'export default (a: number, b: number) => a + b;',
          entry: 'default',
          calls: [{ args: [2, 3] }],
        });
        expect(run).toMatchObject({ ok: true, calls: [{ ok: true, value: 5 }] });
      } finally {
        await pool.close();
      }
    },
  );

  whenRoot('builds the default (production) pool with the drop to nobody', async () => {
    const inside = await defaultSandboxPool().diagnose(secret);
    expect(inside).toMatchObject({ uid: NOBODY, gid: NOBODY, read: 'EACCES' });
  });

  it('runs children as its own user when no uid is given', async () => {
    const pool = new SandboxPool();
    try {
      const inside = await pool.diagnose(secret);
      expect(inside.uid).toBe(process.getuid?.());
      expect(inside.read).toBe(asRoot ? 'ok' : 'EACCES');
    } finally {
      await pool.close();
    }
  });
});
