import { describe, it, expect } from '@jest/globals';
import { normaliseCode, canonicalKerasJson } from './normalise.js';
import { GUIDE_CNN_KERAS_JSON, GUIDE_CNN_KERAS_TOPOLOGY } from '../sandbox/testing/submissions.js';

const texts = (code: string, language: 'TYPESCRIPT' | 'JAVASCRIPT' = 'JAVASCRIPT') =>
  normaliseCode(code, language).tokens.map((t) => t.text);

describe('normaliseCode (TypeScript / JavaScript)', () => {
  it('gives the same tokens for consistently renamed variables, whatever the formatting, comments and quotes', () => {
    const original = `export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: task.inputShape }));
  return { model, fit: { epochs: 2 } };
}`;
    const disguised = `// my own work
export default function make(lib,cfg){
    let net=lib.sequential()   /* start */
    net.add(
        lib.layers.dense({units:64,activation:"relu",inputShape:cfg.inputShape,}),
    )
    return {model: net, fit: {epochs: 2,},};
}`;
    expect(texts(disguised)).toEqual(texts(original));
  });

  it('keeps API member names and object keys verbatim while canonicalising declared names', () => {
    const tokens = normaliseCode(`const net = tf.layers.conv2d({ filters: 8 });`, 'JAVASCRIPT').tokens;
    const byText = tokens.map((t) => `${t.kind}:${t.text}`);
    expect(byText).toEqual([
      'keyword:let',
      'identifier:$1',
      'punctuation:=',
      'name:tf',
      'punctuation:.',
      'name:layers',
      'punctuation:.',
      'name:conv2d',
      'punctuation:(',
      'punctuation:{',
      'name:filters',
      'punctuation::',
      'number:8',
      'punctuation:}',
      'punctuation:)',
    ]);
  });

  it('compares numbers by value and strings by content, and keeps different values apart', () => {
    expect(texts(`f(1e-3, 'same', 0x10)`)).toEqual(texts(`f(0.001, "same", 16)`));
    expect(texts(`f(0.001, 'same')`)).not.toEqual(texts(`f(0.002, 'same')`));
    expect(texts(`f(0.001, 'same')`)).not.toEqual(texts(`f(0.001, 'valid')`));
  });

  it('drops TypeScript-only syntax so a TypeScript file matches its JavaScript conversion', () => {
    const ts = `interface Task { inputShape: number[]; numClasses: number }
type Opt = { lr: number };
export default function build(tf: any, task: Task): { model: unknown } {
  const layers: Array<unknown> = [tf.layers.flatten({ inputShape: task.inputShape as number[] })];
  const model = tf.sequential<unknown>({ layers })!;
  return { model };
}`;
    const js = `export default function build(tf, task) {
  const layers = [tf.layers.flatten({ inputShape: task.inputShape })];
  const model = tf.sequential({ layers });
  return { model };
}`;
    expect(texts(ts, 'TYPESCRIPT')).toEqual(texts(js));
  });

  it('treats shorthand properties like explicit ones', () => {
    expect(texts(`const model = 1; f({ model });`)).toEqual(texts(`const net = 1; f({ model: net });`));
  });

  it('points every token at its line in the original source', () => {
    const tokens = normaliseCode(`// comment\n\nconst a =\n  42;`, 'JAVASCRIPT').tokens;
    expect(tokens.map((t) => [t.text, t.line])).toEqual([
      ['let', 3],
      ['$1', 3],
      ['=', 3],
      ['42', 4],
    ]);
  });

  it('still produces tokens for code that does not parse, instead of throwing', () => {
    const tokens = normaliseCode(
      `export default function build(tf, task {\n  const m = tf.sequential(;\n`,
      'JAVASCRIPT',
    ).tokens;
    expect(tokens.map((t) => t.text)).toEqual(expect.arrayContaining(['export', 'default', 'function', 'sequential']));
  });

  it('tells apart code whose structure differs, not just its names', () => {
    expect(texts(`a.add(b); a.add(c);`)).not.toEqual(texts(`a.add(b, c);`));
  });
});

describe('normaliseCode (KERAS_JSON)', () => {
  it('ignores key order and layer names, and keeps what the layers are', () => {
    const renamed = JSON.parse(JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY)) as {
      config: { name: string; layers: { config: Record<string, unknown> }[] };
    };
    renamed.config.name = 'my_model';
    renamed.config.layers.forEach(
      (l, i) => (l.config = Object.fromEntries(Object.entries({ ...l.config, name: `layer_${i}_x` }).reverse())),
    );
    const wrapped = JSON.stringify({
      fit: { epochs: 2, batch_size: 64, validation_split: 0.1 },
      compile: JSON.parse(GUIDE_CNN_KERAS_JSON).compile,
      model: JSON.stringify(renamed),
    });
    expect(normaliseCode(wrapped, 'KERAS_JSON').tokens.map((t) => t.text)).toEqual(
      normaliseCode(GUIDE_CNN_KERAS_JSON, 'KERAS_JSON').tokens.map((t) => t.text),
    );

    const wider = JSON.parse(JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY)) as typeof renamed;
    wider.config.layers[1].config.filters = 48;
    expect(canonicalKerasJson(JSON.stringify(wider))).not.toEqual(
      canonicalKerasJson(JSON.stringify(GUIDE_CNN_KERAS_TOPOLOGY)),
    );
  });

  it('numbers the lines of the canonical text it returns', () => {
    const normalised = normaliseCode(GUIDE_CNN_KERAS_JSON, 'KERAS_JSON');
    const lines = normalised.canonical!.split('\n');
    const filters = normalised.tokens.find((t) => t.text === '"filters"')!;
    expect(lines[filters.line - 1]).toContain('"filters"');
  });
});
