/**
 * Consistency checks for the content in exercises/: every track and exercise file parses and
 * has its fields in both languages, every cross-reference resolves, statements quote the
 * budget, and every model file builds a TensorFlow.js model that fits its task and budget.
 *
 * Run: NODE_OPTIONS="--experimental-vm-modules --no-node-snapshot" npx jest exercises/content.int-spec.ts
 *
 * Whether a reference passes and a baseline fails on real data is not checked here (that
 * needs training on the full data sets): see `npm run exercises:validate`.
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';

const ROOT = join(process.cwd(), 'exercises');
const LOCALES = ['en', 'zh-CN'] as const;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SOURCES = new Set(['zh-guide', 'en-guide']);
const DATASETS = new Set(['cifar10', 'imdb']);
const GRADERS = new Set(['accuracy-threshold', 'threshold-and-params', 'threshold-and-gap', 'mse-threshold']);
const OPTIMIZERS = new Set(['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax']);
const HAN = /\p{Script=Han}/u;

/** Parameter counts worked out by hand (see the comment at the top of each file). */
const HAND_COUNTED_PARAMS: Record<string, number> = {
  'cifar10-cnn/reference.ts': 122_570,
  'cifar10-cnn/baseline.ts': 30_730,
  'cifar10-cnn/starter.ts': 30_730,
  'cifar10-tiny-cnn/reference.ts': 19_466,
  'cifar10-tiny-cnn/baseline.ts': 18_508,
  'cifar10-tiny-cnn/starter.ts': 1_930,
  'imdb-conv1d-fast/reference.ts': 330_369,
  'imdb-conv1d-fast/baseline.ts': 1_329_473,
  'imdb-conv1d-fast/starter.ts': 80_009,
  'imdb-gru/reference.ts': 664_833,
  'imdb-gru/baseline.ts': 648_321,
  'imdb-gru/starter.ts': 160_545,
  'imdb-sentiment/reference.ts': 1_329_473,
  'imdb-sentiment/small-model.ts': 320_033,
  'imdb-sentiment/baseline.ts': 10_002,
  'imdb-sentiment/starter.ts': 40_005,
};

/** Topics both guides require; each must be covered by a track with this slug. */
const REQUIRED_TRACKS = [
  'foundations',
  'software-engineering',
  'frameworks',
  'computer-vision',
  'sequence-models',
  'generative-models',
  'training-tuning',
  'deployment',
  'data-quality',
  'responsible-ai',
];

type Doc = Record<string, unknown>;

/**
 * tfjs-core's Node bundle does not register the chained tensor methods (`t.flatten()`,
 * `t.toFloat()`, ...) and its ESM files cannot be imported by Node (extensionless imports),
 * yet tfjs-layers calls some of them: the orthogonal initializer (an LSTM's default recurrent
 * initializer) uses `flatten()`. Each file in dist/public/chained_ops is one assignment to
 * the Tensor prototype; evaluate those bodies with the public tfjs-core exports they import.
 */
function registerChainedOps(): void {
  const proto = tfc.Tensor.prototype as unknown as Record<string, unknown>;
  if (typeof proto.flatten === 'function') return;
  const dir = join(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json'), '..', 'dist', 'public', 'chained_ops');
  const scope: Record<string, unknown> = { ...tfc, ...tfc.util, getGlobalTensorClass: () => tfc.Tensor };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js') && !f.includes('_test') && f !== 'register_all_chained_ops.js')) {
    const source = readFileSync(join(dir, file), 'utf8');
    const names = [...source.matchAll(/^import \{([^}]*)\} from/gm)].flatMap((m) => m[1].split(',').map((n) => n.trim()).filter(Boolean));
    const body = source.replace(/^import .*$/gm, '').replace(/^\/\/# sourceMappingURL.*$/gm, '');
    new Function(...names, body)(...names.map((n) => scope[n]));
  }
}

/**
 * The cpu backend's UnsortedSegmentSum (the gradient of an embedding lookup) loops over every
 * segment with whole-tensor ops, i.e. 10,000 passes for a 10,000-word vocabulary. The training
 * engine brings its own kernels; for this test a plain scatter-add keeps a step to a second.
 */
function registerFastSegmentSum(): void {
  tfc.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tfc.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tfc.TensorInfo; segmentIds: tfc.TensorInfo };
      const numSegments = (attrs as { numSegments: number }).numSegments;
      const cpu = backend as unknown as {
        readSync(id: unknown): ArrayLike<number>;
        makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tfc.TensorInfo;
      };
      const values = cpu.readSync(x.dataId);
      const ids = cpu.readSync(segmentIds.dataId);
      const innerShape = x.shape.slice(segmentIds.shape.length);
      const inner = innerShape.reduce((a, b) => a * b, 1);
      const out = new Float32Array(numSegments * inner);
      for (let row = 0; row < ids.length; row++) {
        const seg = ids[row];
        if (seg < 0 || seg >= numSegments) continue;
        for (let k = 0; k < inner; k++) out[seg * inner + k] += values[row * inner + k];
      }
      return cpu.makeTensorInfo([numSegments, ...innerShape], 'float32', out);
    },
  });
}

function readYaml(path: string): Doc {
  return parse(readFileSync(path, 'utf8')) as Doc;
}

/** Collects problems as readable strings so one failing run lists all of them. */
class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    this.list.push(`${where}: ${what}`);
  }
  localized(where: string, value: unknown, opts: { oneSentence?: boolean } = {}): void {
    if (typeof value !== 'object' || value === null) return this.add(where, 'expected a map with en and zh-CN');
    const map = value as Record<string, unknown>;
    for (const extra of Object.keys(map)) if (!(LOCALES as readonly string[]).includes(extra)) this.add(where, `unknown locale ${extra}`);
    for (const locale of LOCALES) {
      const text = map[locale];
      if (typeof text !== 'string' || text.trim() === '') this.add(`${where}.${locale}`, 'missing or empty');
      else if (locale === 'zh-CN' && !HAN.test(text)) this.add(`${where}.${locale}`, 'contains no Chinese characters');
      else if (locale === 'en' && HAN.test(text)) this.add(`${where}.${locale}`, 'contains Chinese characters');
      else if (opts.oneSentence && locale === 'en' && /[.!?]\s+[A-Z]/.test(text)) this.add(`${where}.${locale}`, 'should be one sentence');
    }
  }
  slug(where: string, value: unknown): value is string {
    if (typeof value !== 'string' || !SLUG.test(value)) {
      this.add(where, `not a kebab-case slug: ${JSON.stringify(value)}`);
      return false;
    }
    return true;
  }
}

const trackFiles = readdirSync(join(ROOT, 'tracks')).filter((f) => f.endsWith('.yaml')).sort();
const tracks = trackFiles.map((file) => ({ file, doc: readYaml(join(ROOT, 'tracks', file)) }));
const exerciseDirs = readdirSync(ROOT)
  .filter((d) => statSync(join(ROOT, d)).isDirectory() && existsSync(join(ROOT, d, 'exercise.yaml')))
  .sort();
const exercises = exerciseDirs.map((dir) => ({ dir, doc: readYaml(join(ROOT, dir, 'exercise.yaml')) }));

function skillsOf(track: Doc): Doc[] {
  return Array.isArray(track.skills) ? (track.skills as Doc[]) : [];
}
function entriesOf(track: Doc): unknown[] {
  return Array.isArray(track.exercises) ? (track.exercises as unknown[]) : [];
}

describe('skill tracks', () => {
  it('has at least eight tracks, one per required topic', () => {
    expect(tracks.length).toBeGreaterThanOrEqual(8);
    expect(tracks.map((t) => t.doc.slug).sort()).toEqual(expect.arrayContaining(REQUIRED_TRACKS));
  });

  it('gives every track its required fields in both languages', () => {
    const p = new Problems();
    for (const { file, doc } of tracks) {
      const allowed = new Set(['slug', 'order', 'title', 'summary', 'skills', 'exercises', 'sources']);
      for (const key of Object.keys(doc)) if (!allowed.has(key)) p.add(file, `unknown field ${key}`);
      if (p.slug(`${file} slug`, doc.slug) && `${doc.slug}.yaml` !== file) p.add(file, `slug ${doc.slug} does not match the file name`);
      if (!Number.isInteger(doc.order) || (doc.order as number) < 1) p.add(file, 'order must be a positive integer');
      p.localized(`${file} title`, doc.title);
      p.localized(`${file} summary`, doc.summary);
      const sources = doc.sources;
      if (!Array.isArray(sources) || sources.length === 0 || !sources.every((s) => SOURCES.has(s as string))) {
        p.add(file, `sources must be a non-empty subset of ${[...SOURCES].join(', ')}`);
      }
    }
    expect(p.list).toEqual([]);
    const orders = tracks.map((t) => t.doc.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('gives each track three to six skills whose slugs are unique across all tracks', () => {
    const p = new Problems();
    const seen = new Map<string, string>();
    for (const { file, doc } of tracks) {
      const skills = skillsOf(doc);
      if (skills.length < 3 || skills.length > 6) p.add(file, `has ${skills.length} skills, expected 3 to 6`);
      skills.forEach((skill, i) => {
        const where = `${file} skills[${i}]`;
        if (p.slug(`${where}.slug`, skill.slug)) {
          const other = seen.get(skill.slug);
          if (other) p.add(where, `skill slug ${skill.slug} already used in ${other}`);
          seen.set(skill.slug, file);
        }
        p.localized(`${where}.title`, skill.title);
        p.localized(`${where}.description`, skill.description, { oneSentence: true });
      });
    }
    expect(p.list).toEqual([]);
  });

  it('lists only exercises that have a folder, or planned ones described in both languages', () => {
    const p = new Problems();
    const seen = new Map<string, string>();
    for (const { file, doc } of tracks) {
      const entries = entriesOf(doc);
      if (entries.length === 0) p.add(file, 'lists no exercises');
      let planned = 0;
      entries.forEach((entry, i) => {
        const where = `${file} exercises[${i}]`;
        let slug: unknown;
        if (typeof entry === 'string') {
          slug = entry;
          if (!exerciseDirs.includes(entry)) p.add(where, `no folder exercises/${entry}/ with an exercise.yaml`);
        } else if (typeof entry === 'object' && entry !== null) {
          const e = entry as Doc;
          slug = e.slug;
          planned++;
          if (e.planned !== true) p.add(where, 'an exercise given as a map must have planned: true');
          if (typeof e.slug === 'string' && exerciseDirs.includes(e.slug)) p.add(where, `${e.slug} has a folder; list it as a plain slug`);
          p.localized(`${where}.title`, e.title);
          p.localized(`${where}.summary`, e.summary);
        } else {
          p.add(where, 'must be a slug or a planned exercise');
        }
        if (p.slug(`${where} slug`, slug)) {
          const other = seen.get(slug);
          if (other) p.add(where, `exercise slug ${slug} already listed in ${other}`);
          seen.set(slug, file);
        }
      });
      // Planned exercises are a to-do list, not a requirement: a track may have none left.
      if (planned > 4) p.add(file, `has ${planned} planned exercises, expected at most 4`);
    }
    expect(p.list).toEqual([]);
  });

  it('offers at least four available exercises on every track, and announces none that is missing', () => {
    const short: string[] = [];
    const announced: string[] = [];
    for (const { file, doc } of tracks) {
      const entries = entriesOf(doc);
      const available = entries.filter((e) => typeof e === 'string').length;
      if (available < 4) short.push(`${file}: ${available} available`);
      for (const e of entries) if (typeof e !== 'string') announced.push(`${file}: ${String((e as Doc).slug)}`);
    }
    expect(short).toEqual([]);
    expect(announced).toEqual([]);
  });
});

describe.each(exercises.filter((e) => e.doc.type === 'MODEL').map((e) => [e.dir, e.doc] as const))('model exercise %s', (dir, doc) => {
  const task = doc.task as { inputShape: number[]; numClasses: number; vocabSize?: number; seqLen?: number; output: string; maxCodeSize?: number };
  const budget = doc.budget as { maxParams: number; maxEpochs: number; maxBatchSize: number; wallClockSeconds: number };

  it('declares a valid exercise.yaml whose track lists it and whose skills come from that track', () => {
    const p = new Problems();
    if (doc.slug !== dir) p.add(dir, `slug ${String(doc.slug)} does not match the folder name`);
    if (doc.type !== 'MODEL') p.add(dir, 'type must be MODEL');
    const track = tracks.find((t) => t.doc.slug === doc.track);
    if (!track) p.add(dir, `unknown track ${String(doc.track)}`);
    else if (!entriesOf(track.doc).includes(dir)) p.add(dir, `track ${String(doc.track)} does not list it`);
    const trackSkills = new Set(track ? skillsOf(track.doc).map((s) => s.slug) : []);
    if (!Array.isArray(doc.skills) || doc.skills.length === 0) p.add(dir, 'skills must be a non-empty list');
    else for (const s of doc.skills) if (!trackSkills.has(s)) p.add(dir, `skill ${String(s)} is not defined by track ${String(doc.track)}`);
    if (!Number.isInteger(doc.difficulty) || (doc.difficulty as number) < 1 || (doc.difficulty as number) > 5) p.add(dir, 'difficulty must be 1..5');
    p.localized(`${dir} title`, doc.title);
    p.localized(`${dir} summary`, doc.summary);
    if (!DATASETS.has(doc.dataset as string)) p.add(dir, `unknown dataset ${String(doc.dataset)}`);
    if (!GRADERS.has(doc.grader as string)) p.add(dir, `unknown grader ${String(doc.grader)}`);
    const threshold = doc.threshold as number;
    if (!(typeof threshold === 'number' && threshold > 0 && threshold < 1)) p.add(dir, 'threshold must be a number in (0, 1)');
    for (const key of ['maxParams', 'maxEpochs', 'maxBatchSize', 'wallClockSeconds'] as const) {
      if (!Number.isInteger(budget?.[key]) || budget[key] <= 0) p.add(dir, `budget.${key} must be a positive integer`);
    }
    if (doc.dataset === 'cifar10') {
      const output = task.output as string;
      if (JSON.stringify(task.inputShape) !== '[32,32,3]' || task.numClasses !== 10 || !['softmax', 'reconstruction'].includes(output)) {
        p.add(dir, 'a cifar10 task is inputShape [32, 32, 3], numClasses 10, output softmax (or reconstruction)');
      }
      // An autoencoder needs a bottleneck, graded by its reconstruction error.
      if (output === 'reconstruction' && (!Number.isInteger(task.maxCodeSize) || doc.grader !== 'mse-threshold'))
        p.add(dir, 'a reconstruction task sets maxCodeSize and is graded by mse-threshold');
    }
    if (doc.dataset === 'imdb') {
      if (task.numClasses !== 2 || task.output !== 'sigmoid') p.add(dir, 'an imdb task has numClasses 2 and output sigmoid');
      if (!task.seqLen || JSON.stringify(task.inputShape) !== JSON.stringify([task.seqLen])) p.add(dir, 'inputShape must be [seqLen]');
      if (!task.vocabSize || task.vocabSize < 3) p.add(dir, 'vocabSize must leave room for the reserved ids 0, 1, 2');
    }
    expect(p.list).toEqual([]);
  });

  it('has all its files, and statements in both languages that quote the budget', () => {
    for (const f of ['statement.en.md', 'statement.zh-CN.md', 'starter.ts', 'reference.ts', 'baseline.ts']) {
      expect(existsSync(join(ROOT, dir, f))).toBe(true);
    }
    const figures = [budget.maxParams, budget.maxEpochs, budget.maxBatchSize, budget.wallClockSeconds, task.vocabSize, task.seqLen]
      .filter((n): n is number => typeof n === 'number')
      .map((n) => n.toLocaleString('en-US'));
    for (const locale of LOCALES) {
      const text = readFileSync(join(ROOT, dir, `statement.${locale}.md`), 'utf8');
      expect(text.startsWith('# ')).toBe(true);
      expect(figures.filter((f) => !text.includes(f))).toEqual([]);
      expect(text).toContain('build(tf, task)');
    }
  });

  describe('model files', () => {
    const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')).sort();
    const tf = { ...tfc, ...tfl };

    beforeAll(async () => {
      await tfc.setBackend('cpu');
      registerChainedOps();
      registerFastSegmentSum();
    });

    it.each(files)('%s builds a model that fits the task and the budget, with a valid training plan', async (file) => {
      const mod = (await import(join(ROOT, dir, file))) as { default: (tf: unknown, task: unknown) => Doc };
      expect(typeof mod.default).toBe('function');
      const plan = mod.default(tf, structuredClone(task));
      const model = plan.model as tfl.LayersModel;
      const compile = plan.compile as { optimizer: { name: string; learningRate: number }; loss: string; metrics?: string[] };
      const fit = plan.fit as { epochs: number; batchSize: number; validationSplit?: number };
      try {
        expect(model).toBeInstanceOf(tfl.LayersModel);
        expect(model.inputs).toHaveLength(1);
        expect(model.inputs[0].shape).toEqual([null, ...task.inputShape]);
        const reconstruction = (task.output as string) === 'reconstruction';
        const outUnits = task.output === 'sigmoid' ? 1 : task.numClasses;
        expect(model.outputs[0].shape).toEqual(reconstruction ? [null, ...task.inputShape] : [null, outUnits]);
        const last = model.layers[model.layers.length - 1].getConfig() as { activation?: string };
        if (!reconstruction) expect(last.activation).toBe(task.output);
        else {
          // The bottleneck: some layer holds at most maxCodeSize values per image.
          const sizes = model.layers.map((l) => (l.outputShape as number[]).slice(1).reduce((a, b) => a * b, 1));
          expect(Math.min(...sizes)).toBeLessThanOrEqual(task.maxCodeSize as number);
        }
        const params = model.countParams();
        expect(params).toBeLessThanOrEqual(budget.maxParams);
        if (HAND_COUNTED_PARAMS[`${dir}/${file}`] !== undefined) expect(params).toBe(HAND_COUNTED_PARAMS[`${dir}/${file}`]);

        expect(OPTIMIZERS.has(compile.optimizer.name)).toBe(true);
        expect(compile.optimizer.learningRate).toBeGreaterThan(0);
        expect(compile.loss).toBe(
          reconstruction ? 'meanSquaredError' : task.output === 'sigmoid' ? 'binaryCrossentropy' : 'categoricalCrossentropy',
        );
        expect(Number.isInteger(fit.epochs) && fit.epochs >= 1 && fit.epochs <= budget.maxEpochs).toBe(true);
        expect(Number.isInteger(fit.batchSize) && fit.batchSize >= 1 && fit.batchSize <= budget.maxBatchSize).toBe(true);
        expect(fit.validationSplit ?? 0).toBeGreaterThanOrEqual(0);
        expect(fit.validationSplit ?? 0).toBeLessThan(0.5);
      } finally {
        model.dispose();
      }
    });

    it.each(files)('%s compiles with its plan and takes a training step to a finite loss', async (file) => {
      const mod = (await import(join(ROOT, dir, file))) as { default: (tf: unknown, task: unknown) => Doc };
      const plan = mod.default(tf, structuredClone(task));
      const model = plan.model as tfl.LayersModel;
      const compile = plan.compile as { optimizer: { name: string; learningRate: number }; loss: string; metrics?: string[] };
      const makeOptimizer = tfc.train[compile.optimizer.name as 'adam' | 'sgd' | 'rmsprop'] as (lr: number) => tfc.Optimizer;
      model.compile({ ...compile, optimizer: makeOptimizer(compile.optimizer.learningRate) });
      const n = 2;
      const x =
        doc.dataset === 'imdb'
          ? tfc.randomUniform([n, ...task.inputShape], 0, task.vocabSize!, 'int32')
          : tfc.randomUniform([n, ...task.inputShape], 0, 1);
      const y =
        (task.output as string) === 'reconstruction'
          ? tfc.clone(x)
          : task.output === 'sigmoid'
          ? tfc.tensor2d([[0], [1]])
          : tfc.cast(tfc.oneHot(tfc.tensor1d([0, task.numClasses - 1], 'int32'), task.numClasses), 'float32');
      try {
        const loss = (await model.trainOnBatch(x, y)) as number | number[];
        const value = Array.isArray(loss) ? loss[0] : loss;
        expect(Number.isFinite(value)).toBe(true);
      } finally {
        tfc.dispose([x, y]);
        model.dispose();
      }
    });
  });
});

// The Python convention (src/python-sandbox/README.md): python-entry in exercise.yaml names the
// function of starter.py and reference.py that the tests call with their inputs positionally.
// Whether the reference passes and the starter fails is run in src/content/coding-exercises.int-spec.ts
// and `npm run exercises:validate`.
describe.each(exercises.filter((e) => e.doc.type === 'CODING').map((e) => [e.dir, e.doc] as const))(
  'coding exercise %s in Python',
  (dir, doc) => {
    it('names a snake_case python-entry that starter.py and reference.py both define at top level', () => {
      const entry = doc['python-entry'];
      expect(typeof entry).toBe('string');
      expect(entry).toMatch(/^[a-z_][a-z0-9_]*$/);
      for (const file of ['starter.py', 'reference.py']) {
        const path = join(ROOT, dir, file);
        expect(existsSync(path)).toBe(true);
        expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^def ${String(entry)}\\(`, 'm'));
      }
    });
  },
);
