/**
 * Benchmark: findSimilarPairs over an assessment of N submissions (all pairs).
 *
 *   npm run bench:similarity [-- N...]
 *
 * Submissions are generated from the test corpus (six independent CIFAR-10 solutions, the
 * reference, its architecture re-typed, two disguised copies), each with its layer widths,
 * dropout rates and epochs redrawn at random (seeded), so most pairs differ a little and a
 * few are near copies (every corpus file appears N/10 times, so variants of one file are
 * rightly flagged against each other). Topologies come from real tfjs builds of the corpus files. Prints
 * the median of 5 runs with the default threshold (pairs far below it are not tiled) and with
 * tiling forced for every pair (threshold 0), the worst case.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { intOption, parseCli } from './cli.js';
import { mulberry32 } from '../src/training/seed.js';
import { findSimilarPairs, type SubmissionForSimilarity } from '../src/similarity/find-pairs.js';
import { topologyOf } from '../src/similarity/testing/topology.js';
import {
  ALICE_PLANTED_COPY_JS,
  BOB_PLANTED_COPY_JS,
  INDEPENDENT_SOLUTIONS,
  REFERENCE_CNN_FUNCTIONAL_JS,
} from '../src/similarity/testing/cifar-solutions.js';

async function main(): Promise<void> {
  const { positionals } = parseCli(process.argv.slice(2), {}, 'usage: npm run bench:similarity -- [N...]', true);
  const sizes = positionals.map((n, i) => intOption(n, `submission count ${i + 1}`, { min: 2 })!);
  const starter = readFileSync('exercises/cifar10-cnn/starter.ts', 'utf8');
  const reference = readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8');
  const templates: { language: SubmissionForSimilarity['language']; code: string }[] = [
    ...INDEPENDENT_SOLUTIONS,
    { language: 'TYPESCRIPT', code: reference },
    { language: 'JAVASCRIPT', code: REFERENCE_CNN_FUNCTIONAL_JS },
    { language: 'JAVASCRIPT', code: ALICE_PLANTED_COPY_JS },
    { language: 'JAVASCRIPT', code: BOB_PLANTED_COPY_JS },
  ];
  const topologies: Record<string, unknown>[] = [];
  for (const t of templates) topologies.push(await topologyOf(t.code));
  const base = [{ code: starter, language: 'TYPESCRIPT' as const }];

  for (const n of sizes.length > 0 ? sizes : [50, 200]) {
    const rng = mulberry32(n);
    const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];
    const submissions: SubmissionForSimilarity[] = Array.from({ length: n }, (_, i) => {
      const t = i % templates.length;
      const code = templates[t].code
        .replace(/(filters|units): (\d+)/g, (m, key: string) =>
          rng() < 0.5 ? m : `${key}: ${pick([16, 24, 32, 48, 64, 96, 128, 256])}`,
        )
        .replace(/rate: ([\d.]+)/g, (m) => (rng() < 0.5 ? m : `rate: ${pick([0.1, 0.2, 0.25, 0.3, 0.4, 0.5])}`))
        .replace(/epochs: (\d+)/g, () => `epochs: ${pick([1, 2, 3, 4, 5])}`);
      return {
        id: `s${i}-t${t}`,
        candidateId: `c${i}`,
        language: templates[t].language,
        code,
        topology: topologies[t],
      };
    });
    const tokenCounts = submissions.map((s) => s.code.length);
    for (const [label, threshold] of [
      ['default threshold', undefined],
      ['tiling every pair', 0],
    ] as const) {
      const times: number[] = [];
      let flags = 0;
      let pairs = 0;
      let crossTemplate = 0;
      for (let run = 0; run < 5; run++) {
        const start = performance.now();
        const report = findSimilarPairs(submissions, { base, baseTopologies: [], threshold });
        times.push(performance.now() - start);
        flags = report.flags.length;
        pairs = report.pairsCompared;
        // Flags between variants of different corpus files (the planted copies and the re-typed
        // reference architecture are expected there; anything else would be a false alarm).
        crossTemplate = report.flags.filter((f) => f.a.id.split('-')[1] !== f.b.id.split('-')[1]).length;
      }
      times.sort((x, y) => x - y);
      console.log(
        `${n} submissions (${pairs} pairs, code ${Math.min(...tokenCounts)}-${Math.max(...tokenCounts)} chars), ${label}: ` +
          `median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}), ${flags} flags (${crossTemplate} between variants of different corpus files)`,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
