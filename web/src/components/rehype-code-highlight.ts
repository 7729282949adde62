import type { ElementContent, Root } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';
import { toText } from 'hast-util-to-text';
import { createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';

/**
 * The languages statements and explanations use (their code blocks are ts, python, yaml, json
 * and shell), each with its usual aliases (ts, js, py, yml, sh). rehype-highlight always
 * bundles lowlight's 37 common grammars, whatever languages it is given: about 150 KB of
 * minified JavaScript for the exercise page to fetch and compile, for nothing.
 */
const lowlight = createLowlight({ bash, javascript, json, python, typescript, yaml });

/**
 * Highlights fenced code blocks (`<pre><code class="language-…">`) with highlight.js's class
 * names (`hljs`, `hljs-keyword`…), as rehype-highlight does; a block in another language keeps
 * its plain text, and one without a language is left alone.
 */
export default function rehypeCodeHighlight() {
  return (tree: Root) => {
    visit(tree, 'element', (node, _index, parent) => {
      if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
      const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      const language = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length);
      if (!language) return;
      node.properties.className = ['hljs', ...classes];
      if (!lowlight.registered(language)) return;
      const highlighted = lowlight.highlight(language, toText(node, { whitespace: 'pre' }));
      if (highlighted.children.length > 0) node.children = highlighted.children as ElementContent[];
    });
  };
}
