import { describe, expect, it } from '@jest/globals';
import { mayHaveMath, withoutTitle } from './markdown-source';

describe('mayHaveMath', () => {
  it('says yes for inline and block math, so KaTeX is fetched for them', () => {
    expect(mayHaveMath('the loss $\\ell(x)$ falls')).toBe(true);
    expect(mayHaveMath('$$\n\\sum_i x_i\n$$')).toBe(true);
  });

  it('says no for a statement without a dollar sign, so KaTeX is never fetched for it', () => {
    expect(mayHaveMath('# Softmax\n\nReturn `exp(x) / sum(exp(x))`, stably.')).toBe(false);
  });
});

describe('withoutTitle', () => {
  it('drops the leading "# Title" line the page already shows, and nothing else', () => {
    expect(withoutTitle('# Softmax\n\nBody\n# Not a title here')).toBe('\nBody\n# Not a title here');
    expect(withoutTitle('Body only')).toBe('Body only');
  });
});
