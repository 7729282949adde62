/**
 * What the suite grades: the repository's exercises plus a tiny MODEL exercise (a dense model
 * on a 1,000-image CIFAR-10 subset, three epochs), and a steady stream of submissions — the
 * tiny model, and `stable-softmax`'s reference (passes) and starter (fails) — from six
 * candidates, kept at IN_FLIGHT queued or running.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { ROOT, sleep, tmp } from './support.js';

// Below the two workers' four slots, so a surviving worker has room to take a killed one's job at once.
const IN_FLIGHT = 3;

/** A copy of exercises/ with the tiny MODEL exercise added; its path is the workers' CONTENT_DIR. */
export function tinyContent(): string {
  const dir = path.join(tmp, 'content');
  cpSync(path.join(ROOT, 'exercises'), dir, { recursive: true });
  const folder = path.join(dir, 'faults-cifar-tiny');
  mkdirSync(folder);
  writeFileSync(
    path.join(folder, 'exercise.yaml'),
    [
      'slug: faults-cifar-tiny',
      'type: MODEL',
      'track: computer-vision',
      'difficulty: 1',
      'title: { en: Tiny CIFAR-10 (fault suite), zh-CN: 微型 CIFAR-10（故障测试） }',
      'summary: { en: A small budget for the fault suite., zh-CN: 故障测试用的小预算。 }',
      'dataset: cifar10',
      'task: { inputShape: [32, 32, 3], numClasses: 10, output: softmax }',
      'budget: { maxParams: 250000, maxEpochs: 3, maxBatchSize: 256, wallClockSeconds: 120, trainSubset: 1000, testSubset: 500 }',
      'grader: accuracy-threshold',
      'threshold: 0.15',
      '',
    ].join('\n'),
  );
  for (const f of ['statement.en.md', 'statement.zh-CN.md', 'starter.ts', 'reference.ts', 'baseline.ts'])
    cpSync(path.join(ROOT, 'exercises/cifar10-cnn', f), path.join(folder, f));
  return dir;
}

const denseModel = `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: 3, batchSize: 32 },
  };
}`;

interface Kind {
  name: 'coding' | 'model';
  slug: string;
  language: string;
  code: string;
  /** The outcomes this code deserves. */
  expected: string[];
}

export interface Tracked {
  id: string;
  kind: Kind['name'];
  expected: string[];
  at: number;
}

type Gql = (query: string, variables: Record<string, unknown>, token?: string) => Promise<GqlResult>;
export interface GqlResult {
  data?: any;
  errors?: { message: string }[];
}

export function gqlClient(base: string): Gql {
  return async (query, variables, token) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult;
  };
}

export async function registerCandidates(gql: Gql, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await gql('mutation R($input: RegisterInput!) { register(input: $input) { token } }', {
      input: {
        email: `faults-${i}-${Date.now()}@example.com`,
        password: `fault-suite-pw-${i}-${Math.random().toString(36).slice(2)}`,
        displayName: `Fault ${i}`,
      },
    });
    if (!r.data) throw new Error(`register: ${JSON.stringify(r.errors)}`);
    tokens.push(r.data.register.token);
  }
  return tokens;
}

/** The steady stream: one submission whenever fewer than IN_FLIGHT are queued or running. */
export class Stream {
  readonly tracked: Tracked[] = [];
  /** Submissions the API refused or could not take (a store down). */
  refused = 0;
  private streaming = true;
  private loop?: Promise<void>;

  constructor(
    private readonly gql: Gql,
    private readonly db: pg.Pool,
    private readonly tokens: string[],
  ) {}

  start(): void {
    const read = (f: string) => readFileSync(path.join(ROOT, 'exercises/stable-softmax', f), 'utf8');
    const kinds: Kind[] = [
      { name: 'model', slug: 'faults-cifar-tiny', language: 'JAVASCRIPT', code: denseModel, expected: ['PASSED'] },
      {
        name: 'coding',
        slug: 'stable-softmax',
        language: 'TYPESCRIPT',
        code: read('reference.ts'),
        expected: ['PASSED'],
      },
      { name: 'model', slug: 'faults-cifar-tiny', language: 'JAVASCRIPT', code: denseModel, expected: ['PASSED'] },
      {
        name: 'coding',
        slug: 'stable-softmax',
        language: 'TYPESCRIPT',
        code: read('starter.ts'),
        expected: ['FAILED'],
      },
    ];
    let n = 0;
    this.loop = (async () => {
      while (this.streaming) {
        try {
          const { rows } = await this.db.query(
            `SELECT count(*)::int AS c FROM submissions WHERE status IN ('QUEUED','RUNNING')`,
          );
          if (rows[0].c < IN_FLIGHT) {
            const kind = kinds[n % kinds.length]!;
            const token = this.tokens[n % this.tokens.length]!;
            n++;
            const r = await this.gql(
              'mutation S($input: SubmitSolutionInput!) { submitSolution(input: $input) { id } }',
              { input: { exerciseSlug: kind.slug, language: kind.language, code: kind.code } },
              token,
            );
            const id = r.data?.submitSolution?.id as string | undefined;
            if (id) this.tracked.push({ id, kind: kind.name, expected: kind.expected, at: Date.now() });
            else this.refused++;
          }
        } catch {
          this.refused++;
        }
        await sleep(300);
      }
    })();
  }

  async stop(): Promise<void> {
    this.streaming = false;
    await this.loop;
  }
}
