/**
 * The dependency rule of `npm run lint`: dependency-cruiser with .dependency-cruiser.cjs over
 * src/, plus no cycle between top-level places (the first folder under src/), which
 * dependency-cruiser's own `circular` cannot express (it sees files, and its folder scope
 * sees every nested folder).
 *
 *   node scripts/check-dependencies.mjs            # exit 1 and one line per problem, or a summary
 *
 * checkDependencies() is exported for test/lint/lint-rules.spec.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** 'src/users/users.service.ts' → 'users'; files directly in src/ and outside it have no place. */
export function placeOf(file) {
  const m = /^src\/([^/]+)\//.exec(file);
  return m ? m[1] : null;
}

/**
 * Strongly connected groups of places (Tarjan), each with one file-level example per edge
 * inside the group, so the message says which import to remove.
 */
export function placeCycles(modules) {
  const edges = new Map(); // "a>b" → example "src/a/x.ts → src/b/y.ts"
  const graph = new Map();
  for (const m of modules) {
    const from = placeOf(m.source);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    for (const d of m.dependencies) {
      const to = placeOf(d.resolved);
      if (!to || to === from) continue;
      graph.get(from).add(to);
      if (!graph.has(to)) graph.set(to, new Set());
      const key = `${from}>${to}`;
      if (!edges.has(key)) edges.set(key, `${m.source} → ${d.resolved}`);
    }
  }
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((places) => ({
    places,
    edges: [...edges.entries()]
      .filter(([key]) => {
        const [a, b] = key.split('>');
        return places.includes(a) && places.includes(b);
      })
      .map(([, example]) => example),
  }));
}

/** Runs the rules over `paths` (relative to baseDir) and looks for cycles between places. */
export async function checkDependencies({ baseDir = process.cwd(), paths = ['src'] } = {}) {
  const options = await extractDepcruiseOptions(path.join(baseDir, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(path.join(baseDir, options.tsConfig?.fileName ?? 'tsconfig.json'));
  const { output } = await cruise(paths, { ...options, baseDir }, {}, { tsConfig });
  return { result: output, violations: output.summary.violations, cycles: placeCycles(output.modules) };
}

async function main() {
  const { result, violations, cycles } = await checkDependencies();
  if (violations.length > 0) process.stdout.write((await format(result, { outputType: 'err' })).output);
  for (const c of cycles) {
    process.stdout.write(`\n  error no-place-cycle: ${c.places.join(', ')} import one another:\n`);
    for (const e of c.edges) process.stdout.write(`      ${e}\n`);
  }
  if (violations.length > 0 || cycles.length > 0) {
    process.stdout.write(`\nsee .dependency-cruiser.cjs and ../shared/DESIGN.md ("Layers")\n`);
    process.exit(1);
  }
  const { totalCruised, totalDependenciesCruised } = result.summary;
  process.stdout.write(
    `dependencies: ${totalCruised} modules, ${totalDependenciesCruised} imports, 0 rule violations, 0 cycles between places\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
