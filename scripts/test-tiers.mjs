/**
 * `npm test`: every test tier, fastest first (unit, integration, e2e, data), each through its
 * own `npm run test:<tier>` script, so a tier run alone behaves exactly as it does here.
 * Every tier runs even when an earlier one fails, so the summary is complete; the exit code is
 * non-zero when any tier failed.
 *
 * Extra arguments go to every tier's Jest. `--outputFile=<file>` (with `--json`) writes one
 * file per tier and then <file> itself, the tiers merged: counts summed, `success` only when
 * every tier passed (.ci/run reads it).
 *
 *   npm test
 *   npm test -- --json --outputFile=.jest-results.json
 *   TEST_TIERS=unit,integration npm test
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

// TEST_TIERS=unit,integration runs a subset through the same path (for trying this script).
const TIERS = process.env.TEST_TIERS?.split(',') ?? ['unit', 'integration', 'e2e', 'data'];
const args = process.argv.slice(2);
const outIndex = args.findIndex((a) => a === '--outputFile' || a.startsWith('--outputFile='));
let outputFile;
if (outIndex >= 0) {
  const inline = args[outIndex].includes('=');
  outputFile = inline ? args[outIndex].slice(args[outIndex].indexOf('=') + 1) : args[outIndex + 1];
  args.splice(outIndex, inline ? 1 : 2);
}

const rows = [];
const merged = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTests: 0, testResults: [] };
for (const tier of TIERS) {
  const tierFile = outputFile && `${outputFile}.${tier}.json`;
  if (tierFile) rmSync(tierFile, { force: true });
  const started = Date.now();
  const tierArgs = tierFile ? [...args, `--outputFile=${tierFile}`] : args;
  const run = spawnSync('npm', ['run', `test:${tier}`, '--', ...tierArgs], { stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  const passed = run.status === 0;
  rows.push({ tier, passed, seconds });
  if (tierFile && existsSync(tierFile)) {
    const r = JSON.parse(readFileSync(tierFile, 'utf8'));
    for (const key of ['numPassedTests', 'numFailedTests', 'numPendingTests', 'numTotalTests']) merged[key] += r[key];
    merged.testResults.push(...r.testResults);
  } else if (tierFile) {
    // The tier failed before Jest wrote results (a build or data-set step): count it as a failure.
    merged.numFailedTests += 1;
  }
}

const ok = rows.every((r) => r.passed);
console.log('\ntier          result   seconds');
for (const r of rows) console.log(`${r.tier.padEnd(13)} ${(r.passed ? 'passed' : 'FAILED').padEnd(8)} ${r.seconds}`);
if (outputFile) writeFileSync(outputFile, JSON.stringify({ ...merged, success: ok, tiers: rows }));
process.exit(ok ? 0 : 1);
