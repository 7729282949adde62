/**
 * Benchmark: the API under concurrent load (issue 9, "Speed under load").
 *
 *   npm run bench:api [-- --seconds 10] [--connections 50,200] [--op tracks]...
 *
 * Starts the compiled API (the script builds it first; tsx emits no decorator metadata) in a child process (NODE_ENV=production) on a database of its own,
 * registers 50 accounts, then drives each operation with autocannon over loopback and prints
 * req/s, p50 and p99 latency and the errors (HTTP non-2xx, and GraphQL errors in a sample of
 * answers). The rate limits are raised for this run only and submissions are spread over the
 * accounts, so it measures work, not refusals. No worker runs: submitSolution measures queueing.
 * Load from other processes skews the figures: the load average is printed with them, and the
 * API's own CPU time per request (user + system, from /proc), which that load does not change
 * much: 1,000 / it is what one free core would serve.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { fail, intOption, parseCli } from './cli.js';

const USAGE =
  'usage: npm run bench:api -- [--seconds N] [--connections 50,200] [--op NAME]... [--api dist/src/main.js] [--cpu-prof DIR]';
const ACCOUNTS = 50;
const PORT = 3900 + Math.floor(Math.random() * 90);
const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CODING_ANSWER = 'export default function softmax(xs: number[]): number[] { return xs; }';

interface Operation {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  signedIn: boolean;
}

const OPERATIONS: Operation[] = [
  {
    name: 'tracks',
    query: '{ tracks { slug title skills { slug title } exercises { slug title available type difficulty } } }',
    variables: {},
    signedIn: false,
  },
  {
    name: 'exercise',
    query:
      'query($slug: String!) { exercise(slug: $slug) { slug title statement type starterCode budget { maxEpochs } } }',
    variables: { slug: 'cifar10-cnn' },
    signedIn: false,
  },
  { name: 'me', query: '{ me { id email role displayName } }', variables: {}, signedIn: true },
  {
    name: 'mySubmissions',
    query: '{ mySubmissions(limit: 20) { id status createdAt } }',
    variables: {},
    signedIn: true,
  },
  {
    name: 'submitSolution',
    query: 'mutation($i: SubmitSolutionInput!) { submitSolution(input: $i) { id status } }',
    variables: { i: { exerciseSlug: 'stable-softmax', language: 'TYPESCRIPT', code: CODING_ANSWER } },
    signedIn: true,
  },
];

async function main(): Promise<void> {
  const { values } = parseCli(
    process.argv.slice(2),
    {
      seconds: { type: 'string' },
      connections: { type: 'string' },
      op: { type: 'string', multiple: true },
      // Another build of the API (to compare two builds back to back under the same load).
      api: { type: 'string' },
      // Writes a V8 CPU profile of the API (node --cpu-prof) into DIR when it exits.
      'cpu-prof': { type: 'string' },
    },
    USAGE,
  );
  const seconds = intOption(values.seconds, '--seconds', { min: 1 }) ?? 10;
  const connections = (values.connections ?? '50,200')
    .split(',')
    .map((c, i) => intOption(c, `--connections value ${i + 1}`, { min: 1 })!);
  const chosen = values.op ?? OPERATIONS.map((o) => o.name);
  const unknown = chosen.filter((n) => !OPERATIONS.some((o) => o.name === n));
  if (unknown.length) fail(`unknown --op ${unknown.join(', ')} (one of ${OPERATIONS.map((o) => o.name).join(', ')})`);

  const database = `dojo_bench_${randomBytes(5).toString('hex')}`;
  const prefix = `dojo_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
  const api = spawn(process.execPath, ['--no-node-snapshot', ...profile, values.api ?? 'dist/src/main.js'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: url.toString(),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      WEB_DIR: '/nonexistent',
      API_OPERATIONS_PER_MINUTE_PER_IP: '100000000',
      API_OPERATIONS_PER_MINUTE_PER_ACCOUNT: '100000000',
      REGISTRATIONS_PER_IP_PER_HOUR: '100000',
      PRACTICE_ATTEMPTS_PER_HOUR: '100000000',
      MAX_QUEUED_PER_CANDIDATE: '100000000',
    },
  });
  let apiLog = '';
  api.stdout.on('data', (d: Buffer) => (apiLog = (apiLog + d.toString()).slice(-4000)));
  api.stderr.on('data', (d: Buffer) => (apiLog = (apiLog + d.toString()).slice(-4000)));
  try {
    await waitForReady(api);
    const tokens: string[] = [];
    // Accounts only for the operations that need one (each registration hashes a password).
    const signedIn = OPERATIONS.some((o) => o.signedIn && chosen.includes(o.name));
    for (let i = 0; signedIn && i < ACCOUNTS; i++) tokens.push(await register(i));
    const rows: string[][] = [];
    for (const op of OPERATIONS.filter((o) => chosen.includes(o.name))) {
      const sampleErrors = await sampleForErrors(op, tokens[0]);
      if (sampleErrors) fail(`${op.name} answers with an error before any load: ${sampleErrors}`);
      for (const c of connections) {
        const before = loadavg()[0]!;
        const cpuBefore = cpuSeconds(api.pid!);
        const result = await drive(op, c, seconds, tokens);
        // The API's own CPU time per answered request: what the load average cannot blur.
        const cpuPerRequest = ((cpuSeconds(api.pid!) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
        rows.push([
          op.name,
          String(c),
          Math.round(result.requests.average).toLocaleString('en-US'),
          `${result.latency.p50} ms`,
          `${result.latency.p99} ms`,
          String(result.errors + result.timeouts + result.non2xx),
          `${cpuPerRequest.toFixed(2)} ms`,
          `${before.toFixed(1)}`,
        ]);
        process.stdout.write(`  ${rows.at(-1)!.join('  ')}\n`);
      }
    }
    printTable(['operation', 'connections', 'req/s', 'p50', 'p99', 'errors', 'API CPU/request', 'load avg'], rows);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n--- API output ---\n${apiLog}\n`);
    process.exitCode = 1;
  } finally {
    api.kill('SIGTERM');
    // A profile is written as the API exits: give it time to.
    const grace = values['cpu-prof'] ? 60_000 : 5000;
    await Promise.race([once(api, 'exit'), new Promise((r) => setTimeout(r, grace))]);
    if (api.exitCode === null) api.kill('SIGKILL');
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

/** User + system CPU seconds the process has used so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitForReady(api: ReturnType<typeof spawn>): Promise<void> {
  // Generous: on a loaded machine the API's start (migrations, content sync) takes minutes.
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API was not ready within 300 s');
}

async function gql(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
}

async function register(i: number): Promise<string> {
  const res = await gql('mutation($i: RegisterInput!) { register(input: $i) { token } }', {
    i: {
      email: `bench${i}-${randomBytes(3).toString('hex')}@example.com`,
      password: 'a long bench passphrase',
      displayName: `Bench ${i}`,
    },
  });
  const token = (res.data?.register as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return token;
}

async function sampleForErrors(op: Operation, token: string | undefined): Promise<string | undefined> {
  const res = await gql(op.query, op.variables, op.signedIn ? token : undefined);
  return res.errors?.length ? JSON.stringify(res.errors) : undefined;
}

/** autocannon with each request signed by the next account in turn. */
async function drive(op: Operation, connections: number, seconds: number, tokens: string[]) {
  let next = 0;
  const body = JSON.stringify({ query: op.query, variables: op.variables });
  return autocannon({
    url: `http://127.0.0.1:${PORT}/graphql`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          body,
          headers: {
            'content-type': 'application/json',
            ...(op.signedIn ? { authorization: `Bearer ${tokens[next++ % tokens.length]!}` } : {}),
          },
        }),
      },
    ],
  });
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\n${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`,
  );
}

void main();
