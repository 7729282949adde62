// Starter: pads at the end and cuts at the end, whatever the options say, and always uses 0.
// TODO: follow Keras' defaults and options (padding, truncating, value, maxlen).
interface Options {
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  value?: number;
}

export default function padSequences(sequences: number[][], options: Options = {}): number[][] {
  const maxlen = options.maxlen ?? Math.max(...sequences.map((s) => s.length));
  return sequences.map((s) => s.slice(0, maxlen).concat(new Array(Math.max(0, maxlen - s.length)).fill(0)));
}
