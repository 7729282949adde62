// Reference: Keras' pad_sequences. Defaults: maxlen = the longest sequence, padding 'pre',
// truncating 'pre' (keep the end of a long sequence), value 0.
interface Options {
  maxlen?: number;
  padding?: 'pre' | 'post';
  truncating?: 'pre' | 'post';
  value?: number;
}

export default function padSequences(sequences: number[][], options: Options = {}): number[][] {
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  const maxlen = options.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  return sequences.map((s) => {
    const kept = s.length <= maxlen ? s.slice() : truncating === 'pre' ? s.slice(s.length - maxlen) : s.slice(0, maxlen);
    const fill: number[] = new Array(maxlen - kept.length).fill(value);
    return padding === 'pre' ? fill.concat(kept) : kept.concat(fill);
  });
}
