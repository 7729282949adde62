/**
 * The sandbox child process: hosts the isolated-vm isolates that run candidate code.
 *
 * Started by `SandboxPool` (sandbox.ts) with `child_process.fork` and `--no-node-snapshot`,
 * possibly as an unprivileged user; talks to its parent over IPC only (child/protocol.ts).
 * If anything in here goes badly wrong (an isolate escapes its limits, native crash), only
 * this process dies; the parent notices, answers SANDBOX_CRASHED and starts a new child.
 *
 * This file only wires messages to their handlers:
 *   child/build-model.ts   models: candidate isolate, then analysis isolate
 *   child/run-function.ts  coding exercises: one exported function, once per input
 *   child/isolates.ts      tfjs isolates from V8's code cache, spares, bare coding isolates
 *   child/transpile.ts, child/source-lines.ts, child/failures.ts, child/keras-json.ts
 *   guest/*.ts             the trusted programs that run inside the isolates (bundled at build)
 */
import { readFileSync } from 'node:fs';
import { handleBuild } from './child/build-model.js';
import { errorMessage } from './child/failures.js';
import { prepareIsolate, refillSpares, setSpareMemoryMb, spareMemory } from './child/isolates.js';
import type { ChildDiagnosis, ChildMessage, ParentMessage } from './child/protocol.js';
import { handleRun } from './child/run-function.js';
import { loadTypeScript } from './child/transpile.js';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

function isParentMessage(message: unknown): message is ParentMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'build' || type === 'run' || type === 'diagnose';
}

/** What this process may do, as seen from inside it (see SandboxPool.diagnose). */
function diagnose(path: string): ChildDiagnosis {
  let read = 'ok';
  try {
    readFileSync(path);
  } catch (error) {
    read = (error as NodeJS.ErrnoException).code ?? errorMessage(error);
  }
  return { uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1, pid: process.pid, read };
}

if (process.send) {
  const memoryArg = process.argv.find((a) => a.startsWith('--memory-mb='));
  if (memoryArg) setSpareMemoryMb(Number(memoryArg.slice('--memory-mb='.length)) || spareMemory());
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    const { id } = message;
    if (message.type === 'diagnose') {
      send({ type: 'result', id, outcome: diagnose(String(message.path)) });
      return;
    }
    const outcome = message.type === 'run' ? handleRun(message.request) : handleBuild(message.request);
    void outcome.then((result) => send({ type: 'result', id, outcome: result }));
  });
  process.on('disconnect', () => process.exit(0));
  // Ready means ready to build at full speed: tfjs compiled once (code cache made) and the
  // TypeScript compiler loaded, so neither counts against a build's deadline.
  const warmStart = performance.now();
  prepareIsolate(spareMemory())
    .then(async (p) => {
      p.isolate.dispose();
      refillSpares();
      await loadTypeScript();
      send({
        type: 'ready',
        uid: process.getuid?.() ?? -1,
        gid: process.getgid?.() ?? -1,
        warmMillis: Math.round(performance.now() - warmStart),
      });
    })
    .catch((error: unknown) => {
      send({ type: 'fatal', message: errorMessage(error) });
      process.exit(1);
    });
}
