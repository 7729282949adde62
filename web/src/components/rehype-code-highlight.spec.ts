import { describe, expect, it } from '@jest/globals';
import type { Element, Root } from 'hast';
import rehypeCodeHighlight from './rehype-code-highlight';

const block = (className: string[] | undefined, code: string): Root => ({
  type: 'root',
  children: [
    {
      type: 'element',
      tagName: 'pre',
      properties: {},
      children: [
        {
          type: 'element',
          tagName: 'code',
          properties: className ? { className } : {},
          children: [{ type: 'text', value: code }],
        },
      ],
    },
  ],
});
const codeOf = (tree: Root) => (tree.children[0] as Element).children[0] as Element;
const highlight = (tree: Root) => {
  rehypeCodeHighlight()(tree);
  return codeOf(tree);
};
const classesIn = (node: Element): string[] =>
  node.children.flatMap((c) =>
    c.type === 'element' ? [...((c.properties.className as string[]) ?? []), ...classesIn(c)] : [],
  );
const textOf = (node: Element): string =>
  node.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');

describe('rehypeCodeHighlight', () => {
  it.each([
    ['ts', 'const x: number = 1; // one'],
    ['typescript', 'export default function f() { return 1; }'],
    ['python', 'def f(x):\n    return x  # same'],
    ['py', 'import numpy as np'],
    ['yaml', 'grader: accuracy-threshold'],
    ['json', '{"a": [1, 2]}'],
    ['sh', 'echo "$HOME" # where'],
  ])('highlights a %s block with highlight.js class names, keeping its text', (language, code) => {
    const node = highlight(block([`language-${language}`], code));
    expect(node.properties.className).toEqual(['hljs', `language-${language}`]);
    expect(classesIn(node).some((c) => c.startsWith('hljs-'))).toBe(true);
    expect(textOf(node)).toBe(code);
  });

  it('keeps a block in a language it does not know as plain text', () => {
    const node = highlight(block(['language-haskell'], 'main = print 1'));
    expect(node.properties.className).toEqual(['hljs', 'language-haskell']);
    expect(node.children).toEqual([{ type: 'text', value: 'main = print 1' }]);
  });

  it('leaves a block without a language, and inline code, alone', () => {
    expect(highlight(block(undefined, 'plain')).properties).toEqual({});
    const inline: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'p',
          properties: {},
          children: [
            {
              type: 'element',
              tagName: 'code',
              properties: { className: ['language-ts'] },
              children: [{ type: 'text', value: 'x' }],
            },
          ],
        },
      ],
    };
    rehypeCodeHighlight()(inline);
    expect(((inline.children[0] as Element).children[0] as Element).properties.className).toEqual(['language-ts']);
  });
});
