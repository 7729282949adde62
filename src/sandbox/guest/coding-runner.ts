/**
 * Guest program of a coding isolate (no tfjs: plain JavaScript only), runs before the
 * candidate's code. Defines the two trusted entry points the child calls:
 *   __dojoLoad(factory, entry)     runs the candidate's module, keeps its exported function
 *   __dojoCall(argsJson, maxChars) calls it; the result comes back as a JSON string
 * Arguments arrive in the wire form and the return value leaves in it (src/sandbox/wire.ts is
 * the host's copy of the same format), its size counted while it is written. Every
 * intrinsic used after the candidate's code has run is captured here, first.
 */
import { tagged } from './failure-tag.js';

type ModuleFactory = (module: { exports: unknown }, exports: unknown, require: (name: unknown) => never) => void;

export interface CodingRunnerGlobals {
  __dojoLoad(factory: ModuleFactory, entry: string): void;
  __dojoCall(argsJson: string, maxChars: number): Promise<string>;
}

type Wire = null | boolean | number | string | Wire[] | { $: string } | { $o: Record<string, Wire> } | { $x: string };

const stringify = JSON.stringify;
const parse = JSON.parse;
const isArray = Array.isArray;
const isView = ArrayBuffer.isView;
const getPrototypeOf = Object.getPrototypeOf;
const ObjectPrototype = Object.prototype;
const keys = Object.keys;
const hasOwn = Function.prototype.call.bind(Object.prototype.hasOwnProperty) as (o: object, key: string) => boolean;
const defineProperty = Object.defineProperty;
const isFinite_ = Number.isFinite;
const isNaN_ = Number.isNaN;
const DataView_ = DataView;
const Promise_ = Promise;
const apply = Function.prototype.call.bind(Function.prototype.apply) as (
  fn: (...args: unknown[]) => unknown,
  self: unknown,
  args: unknown[],
) => unknown;

function fromWire(w: Wire): unknown {
  if (w === null || typeof w !== 'object') return w;
  if (isArray(w)) {
    const a = new Array<unknown>(w.length);
    for (let i = 0; i < w.length; i++) a[i] = fromWire(w[i]);
    return a;
  }
  if (hasOwn(w, '$')) {
    const tag = (w as { $: string }).$;
    if (tag === 'NaN') return NaN;
    if (tag === 'Infinity') return Infinity;
    if (tag === '-Infinity') return -Infinity;
    return undefined;
  }
  const o = {};
  const src = (w as { $o: Record<string, Wire> }).$o;
  const ks = keys(src);
  for (let j = 0; j < ks.length; j++) {
    defineProperty(o, ks[j], { value: fromWire(src[ks[j]]), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function describe(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return 'a bigint';
  if (typeof v === 'symbol') return 'a symbol';
  const proto = getPrototypeOf(v) as { constructor?: { name?: unknown } } | null;
  const name =
    proto && proto.constructor && typeof proto.constructor.name === 'string' ? proto.constructor.name : 'object';
  return 'an object of class ' + name;
}

interface Budget {
  size: number;
  max: number;
}

function toWire(v: unknown, depth: number, budget: Budget): Wire {
  if (depth > 64)
    throw tagged('BAD_RETURN', 'The return value is nested more than 64 levels deep, or refers to itself.');
  budget.size += 8;
  if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
  if (v === undefined) return { $: 'undefined' };
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    budget.size += v.length;
    if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
    return v;
  }
  if (typeof v === 'number') {
    if (isFinite_(v)) return v;
    return { $: isNaN_(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (typeof v !== 'object') return { $x: describe(v) };
  if (isArray(v) || (isView(v) && !(v instanceof DataView_))) {
    const list = v as ArrayLike<unknown>;
    const n = list.length;
    budget.size += n;
    if (budget.size > budget.max) throw tagged('OUTPUT_TOO_LARGE', String(budget.max));
    const a = new Array<Wire>(n);
    for (let i = 0; i < n; i++) a[i] = toWire(list[i], depth + 1, budget);
    return a;
  }
  const proto: unknown = getPrototypeOf(v);
  if (proto !== ObjectPrototype && proto !== null) return { $x: describe(v) };
  const out: Record<string, Wire> = {};
  const ks = keys(v);
  for (let k = 0; k < ks.length; k++) {
    budget.size += ks[k].length + 4;
    defineProperty(out, ks[k], {
      value: toWire((v as Record<string, unknown>)[ks[k]], depth + 1, budget),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { $o: out };
}

let fn: ((...args: unknown[]) => unknown) | null = null;

const globals = globalThis as unknown as CodingRunnerGlobals;

globals.__dojoLoad = function (factory, entry) {
  const module: { exports: unknown } = { exports: {} };
  const require = function (name: unknown): never {
    throw new Error(
      'Imports are not available in the sandbox (the code asked for "' +
        String(name) +
        '"). Write the function without imports.',
    );
  };
  factory.call(undefined, module, module.exports, require);
  const exported = module.exports as Record<string, unknown> | null;
  const f =
    entry === 'default'
      ? typeof exported === 'function'
        ? exported
        : exported && exported.default
      : exported && exported[entry];
  if (typeof f !== 'function') {
    const names = exported && typeof exported === 'object' ? keys(exported).filter((k) => k !== '__esModule') : [];
    const wanted =
      entry === 'default'
        ? 'a default export: export default function ...'
        : 'a function exported as "' + entry + '": export function ' + entry + '(...) { ... }';
    throw tagged(
      'BAD_RETURN',
      'The code must provide ' + wanted + '. It exports ' + (names.length ? names.join(', ') : 'nothing') + '.',
    );
  }
  fn = f as (...args: unknown[]) => unknown;
};

globals.__dojoCall = function (argsJson, maxChars) {
  const args = fromWire(parse(argsJson) as Wire) as unknown[];
  return Promise_.resolve(apply(fn!, undefined, args)).then((result) => {
    const out = stringify(toWire(result, 0, { size: 0, max: maxChars }));
    if (out.length > maxChars) throw tagged('OUTPUT_TOO_LARGE', String(maxChars));
    return out;
  });
};
