// Runs around every unit spec (jest.config.js): a unit spec does no network, database, Redis
// or process I/O, so opening a socket or starting a child process fails at once, naming the
// tier the spec belongs to instead (`*.int-spec.ts`). Restored after the file, because in one
// Jest process the next file may be an integration spec.
/* global afterAll */
const net = require('node:net');
const childProcess = require('node:child_process');

const refuse = (what) =>
  function refused() {
    throw new Error(`a unit spec may not ${what}; name the spec *.int-spec.ts (integration tier)`);
  };
const patches = [
  [net.Socket.prototype, 'connect', refuse('open a socket')],
  [childProcess.ChildProcess.prototype, 'spawn', refuse('start a child process')],
  ...['spawnSync', 'execSync', 'execFileSync'].map((fn) => [childProcess, fn, refuse('start a child process')]),
];
const originals = patches.map(([target, key, replacement]) => {
  const original = target[key];
  target[key] = replacement;
  return [target, key, original];
});
afterAll(() => {
  for (const [target, key, original] of originals) target[key] = original;
});
