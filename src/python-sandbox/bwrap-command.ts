/**
 * The command line that starts one Python sandbox process:
 *
 *   setpriv (root only: drop to the slot's own uid) → prlimit (rlimits) → bwrap (namespaces) → python3 runner.py
 *
 * Why setpriv: `bwrap --uid` started by root maps uid 0 outside, so RLIMIT_NPROC (which root
 * escapes) would stop no fork bomb. Each sandbox slot runs as its own unprivileged host uid, so
 * the process limit counts that slot's processes only and one fork bomb cannot starve the others.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PythonLimits {
  /** Address space of the Python process (RLIMIT_AS), MB. NumPy's OpenBLAS needs ~224 MB of it. */
  addressSpaceMb: number;
  /**
   * Processes and threads of the uid (RLIMIT_NPROC). Under root, of the slot's own uid; otherwise
   * the caller adds what its uid already runs (see python-sandbox.ts).
   */
  processes: number;
  /** Open files (RLIMIT_NOFILE). */
  openFiles: number;
  /** Largest file the code may write, bytes (RLIMIT_FSIZE); also the size of its private /tmp. */
  fileBytes: number;
  /** C stack (RLIMIT_STACK), bytes: a runaway recursion past sys.setrecursionlimit ends as a crash at this size. */
  stackBytes: number;
  /** CPU seconds of the whole process (RLIMIT_CPU), a backstop behind the per-call timer. */
  cpuSeconds: number;
}

export const PYTHON = '/usr/bin/python3';
export const BWRAP = '/usr/bin/bwrap';
export const SETPRIV = '/usr/bin/setpriv';
export const PRLIMIT = '/usr/bin/prlimit';

/** runner.py next to this file from source; from dist/, the one in src/ (the image keeps src/). */
export function runnerPath(): string {
  const here = fileURLToPath(new URL('./guest/runner.py', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../src/python-sandbox/guest/runner.py', import.meta.url));
}

/** Host paths the sandbox sees, read-only; everything else (the project, /etc, /home, /proc of the host) is absent. */
const READ_ONLY = ['/usr', '/etc/alternatives', '/etc/ld.so.cache'];

export function bwrapCommand(opts: { uid?: number; limits: PythonLimits; runner: string }): string[] {
  const { limits } = opts;
  const drop =
    opts.uid === undefined
      ? []
      : [
          SETPRIV,
          `--reuid=${opts.uid}`,
          `--regid=${opts.uid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--no-new-privs',
        ];
  const rlimits = [
    PRLIMIT,
    `--as=${limits.addressSpaceMb * 1024 * 1024}`,
    `--nofile=${limits.openFiles}`,
    `--fsize=${limits.fileBytes}`,
    `--stack=${limits.stackBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--core=0`,
    `--nproc=${limits.processes}`,
    '--',
  ];
  const binds = READ_ONLY.filter((p) => existsSync(p)).flatMap((p) => ['--ro-bind', p, p]);
  const sandbox = [
    BWRAP,
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--cap-drop',
    'ALL',
    ...binds,
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--symlink',
    'usr/bin',
    '/bin',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(limits.fileBytes),
    '--tmpfs',
    '/tmp',
    '--ro-bind',
    opts.runner,
    '/sandbox/runner.py',
    // The root bwrap builds is a writable tmpfs: make it read-only, so only /tmp takes writes.
    '--remount-ro',
    '/',
    '--chdir',
    '/tmp',
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/bin',
    '--setenv',
    'HOME',
    '/tmp',
    '--setenv',
    'LANG',
    'C.UTF-8',
    '--setenv',
    'OPENBLAS_NUM_THREADS',
    '1',
    '--setenv',
    'OMP_NUM_THREADS',
    '1',
    PYTHON,
    '-I',
    '-B',
    '/sandbox/runner.py',
  ];
  return [...drop, ...rlimits, ...sandbox];
}
