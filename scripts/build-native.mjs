/**
 * The root package's `install` script (so `npm ci` runs it): builds the native training kernels
 * in native/ with node-gyp when oneDNN and OpenBLAS are installed, and otherwise skips with one
 * line. It never fails the install: without the addon, training runs on the wasm kernels.
 *
 *   node scripts/build-native.mjs          # what `npm ci` runs; `npm run native:build` too
 *
 * TRAINER_NATIVE=off skips the build. node-gyp's own output goes to native/build.log.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, 'native');
const packages = 'apt-get install -y libdnnl-dev libopenblas-dev';
const say = (line) => console.log(`[native] ${line}`);

/** True when a program using both libraries compiles and links (the real search paths decide). */
function librariesPresent() {
  const tmp = path.join(os.tmpdir(), `dojo-native-probe-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const src = path.join(tmp, 'probe.cc');
    writeFileSync(
      src,
      '#include <oneapi/dnnl/dnnl.hpp>\n#include <cblas.h>\n' +
        'int main() { float a = 1, b = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1, &a, 1, &b, 1, 0, &c, 1);\n' +
        '  return dnnl_version()->major > 0 ? 0 : 1; }\n',
    );
    const cxx = process.env.CXX || 'c++';
    const r = spawnSync(cxx, ['-std=c++17', src, '-o', path.join(tmp, 'probe'), '-ldnnl', '-lopenblas'], {
      stdio: 'ignore',
    });
    return r.status === 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** npm's bundled node-gyp (npm passes its path), else one installed in node_modules. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp))
    return process.env.npm_config_node_gyp;
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmDir = path.join(path.dirname(path.dirname(process.execPath)), 'lib/node_modules/npm');
    const bundled = path.join(npmDir, 'node_modules/node-gyp/bin/node-gyp.js');
    return existsSync(bundled) ? bundled : null;
  }
}

function main() {
  if (process.env.TRAINER_NATIVE === 'off') return say('skipped (TRAINER_NATIVE=off): training uses the wasm kernels');
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return say(`skipped on ${process.platform}-${process.arch}: training uses the wasm kernels`);
  if (!librariesPresent())
    return say(`skipped: oneDNN and OpenBLAS not found; training uses the wasm kernels (faster: ${packages})`);
  const gyp = nodeGyp();
  if (!gyp) return say('skipped: node-gyp not found; training uses the wasm kernels');
  const started = Date.now();
  const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: dir, encoding: 'utf8' });
  writeFileSync(path.join(dir, 'build.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) return say('build failed (see native/build.log); training uses the wasm kernels');
  say(
    `built native/build/Release/dojo_native.node in ${Math.round((Date.now() - started) / 1000)} s (oneDNN, OpenBLAS)`,
  );
}

main();
