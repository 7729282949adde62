/**
 * Normalisation of Python submissions (CODING exercises in PYTHON), with the same decisions as
 * the TypeScript normaliser (normalise.ts): comments, blank lines, line breaks inside brackets,
 * quote style, string prefixes and trailing commas do not count; names the candidate binds
 * (assignment targets, `def`/`class` names, parameters, `for`/`as`/`lambda`/walrus targets)
 * become `$1`, `$2`, … in order of first appearance; attribute names after a dot, keyword
 * argument names, imported module names and builtins stay verbatim; numbers and strings are
 * kept by value. Indentation is structure in Python, so a block's start and end are tokens.
 *
 * A tokenizer of its own, not Python's: the server needs no interpreter to compare submissions,
 * and code that does not parse is still compared token by token.
 */
import type { NormalisedCode, NormalisedToken } from './normalise.types.js';

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield match case'
  ).split(' '),
);
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];
const ASSIGN = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '>>=', '<<=', '@=']);

interface RawToken {
  kind: 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent';
  text: string;
  line: number;
  /** Bracket depth where the token starts. */
  depth: number;
}

/** Python source → raw tokens with INDENT/DEDENT/NEWLINE, comments and blank lines dropped. */
function tokenize(code: string): RawToken[] {
  const out: RawToken[] = [];
  const indents = [0];
  let i = 0;
  let line = 1;
  let depth = 0;
  let atLineStart = true;
  const push = (kind: RawToken['kind'], text: string) => out.push({ kind, text, line, depth });
  while (i < code.length) {
    if (atLineStart && depth === 0) {
      // Measure the indentation of a line that holds code; blank and comment-only lines do not count.
      let j = i;
      let width = 0;
      while (j < code.length && (code[j] === ' ' || code[j] === '\t')) width += code[j++] === '\t' ? 8 : 1;
      if (j >= code.length || code[j] === '\n' || code[j] === '#' || code[j] === '\r') {
        while (j < code.length && code[j] !== '\n') j++;
        i = j + 1;
        line++;
        continue;
      }
      if (width > indents[indents.length - 1]) {
        indents.push(width);
        push('indent', '<indent>');
      }
      while (width < indents[indents.length - 1]) {
        indents.pop();
        push('dedent', '<dedent>');
      }
      atLineStart = false;
      i = j;
    }
    const c = code[i];
    if (c === '\n') {
      if (depth === 0 && out.length && out[out.length - 1].kind !== 'newline') push('newline', '<nl>');
      line++;
      i++;
      // A line break inside brackets does not start a logical line.
      atLineStart = depth === 0;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\' && code[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    const string = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(code.slice(i, i + 5));
    if (string && (string[1] === '' || /[a-zA-Z]/.test(c))) {
      const quote = string[2];
      const raw = /r/i.test(string[1]);
      let j = i + string[0].length;
      let value = '';
      while (j < code.length && !code.startsWith(quote, j)) {
        if (code[j] === '\n') {
          if (quote.length === 1) break; // unterminated: stop at the end of the line
          line++;
        }
        if (code[j] === '\\' && !raw && j + 1 < code.length) {
          value += code.slice(j, j + 2);
          j += 2;
          continue;
        }
        value += code[j++];
      }
      push('string', JSON.stringify(value));
      i = j + quote.length;
      continue;
    }
    const number = /^(0[xXoObB][0-9a-fA-F_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?[jJ]?)/.exec(
      code.slice(i, i + 64),
    );
    if (number && /[\d.]/.test(c) && !(c === '.' && !/\d/.test(code[i + 1] ?? ''))) {
      const text = number[0].replace(/_/g, '');
      const value = /^0[xXoObB]/.test(text) ? Number(text.toLowerCase()) : Number(text.replace(/[jJ]$/, ''));
      push('number', Number.isNaN(value) ? text : String(value) + (/[jJ]$/.test(text) ? 'j' : ''));
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/.exec(code.slice(i, i + 256));
    if (name) {
      push('name', name[0]);
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => code.startsWith(o, i)) ?? c;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    push('op', op);
    i += op.length;
  }
  if (out.length && out[out.length - 1].kind !== 'newline') push('newline', '<nl>');
  while (indents.length > 1) {
    indents.pop();
    push('dedent', '<dedent>');
  }
  return out;
}

/** Indexes of name tokens in a binding position (see the module comment). */
function bindingNames(tokens: RawToken[]): { bound: Set<string>; parameters: Set<number> } {
  const bound = new Set<string>();
  const parameters = new Set<number>();
  const isName = (t: RawToken | undefined) => t?.kind === 'name' && !KEYWORDS.has(t.text);
  const afterDot = (k: number) => tokens[k - 1]?.text === '.';
  let lineStart = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'newline' || t.kind === 'indent' || t.kind === 'dedent') {
      lineStart = k + 1;
      continue;
    }
    const next = tokens[k + 1];
    if ((t.text === 'def' || t.text === 'class') && isName(next)) {
      bound.add(next.text);
      if (t.text === 'def') {
        // Parameters: names at the def's own bracket depth + 1, right after ( , * ** and not a default value.
        const base = t.depth;
        for (let j = k + 2; j < tokens.length && !(tokens[j].text === ')' && tokens[j].depth === base); j++) {
          const p = tokens[j];
          const before = tokens[j - 1]?.text;
          if (isName(p) && p.depth === base + 1 && ['(', ',', '*', '**'].includes(before ?? '')) {
            bound.add(p.text);
            parameters.add(j);
          }
        }
      }
    }
    if ((t.text === 'as' || t.text === 'for' || t.text === 'global' || t.text === 'nonlocal') && isName(next))
      bound.add(next.text);
    if (t.text === 'for') {
      for (let j = k + 1; j < tokens.length && tokens[j].text !== 'in'; j++)
        if (isName(tokens[j]) && !afterDot(j)) bound.add(tokens[j].text);
    }
    if (t.text === 'lambda') {
      for (let j = k + 1; j < tokens.length && tokens[j].text !== ':'; j++)
        if (isName(tokens[j]) && ['lambda', ',', '*', '**'].includes(tokens[j - 1].text)) {
          bound.add(tokens[j].text);
          parameters.add(j);
        }
    }
    if (t.text === ':=' && isName(tokens[k - 1])) bound.add(tokens[k - 1].text);
    // Assignment targets: names before a top-level = of a statement (not attributes, not keyword arguments).
    if (t.kind === 'op' && ASSIGN.has(t.text) && t.depth === 0) {
      for (let j = lineStart; j < k; j++)
        if (isName(tokens[j]) && !afterDot(j) && tokens[j].depth === 0) bound.add(tokens[j].text);
    }
  }
  return { bound, parameters };
}

export function normalisePython(code: string): NormalisedCode {
  const raw = tokenize(code);
  const { bound, parameters } = bindingNames(raw);
  const canonical = new Map<string, string>();
  const tokens: NormalisedToken[] = [];
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k];
    const next = raw[k + 1];
    if (t.kind === 'op' && t.text === ',' && next && ')]}'.includes(next.text)) continue; // trailing comma
    if (t.kind === 'name') {
      if (KEYWORDS.has(t.text)) {
        tokens.push({ text: t.text, kind: 'keyword', line: t.line });
        continue;
      }
      // f(x=1): a keyword argument's name is the callee's, not the candidate's; a parameter's default is not one.
      const keywordArgument = t.depth > 0 && next?.text === '=' && raw[k - 1]?.text !== '.' && !parameters.has(k);
      if (bound.has(t.text) && raw[k - 1]?.text !== '.' && !keywordArgument) {
        let c = canonical.get(t.text);
        if (c === undefined) {
          c = `$${canonical.size + 1}`;
          canonical.set(t.text, c);
        }
        tokens.push({ text: c, kind: 'identifier', line: t.line });
      } else {
        tokens.push({ text: t.text, kind: 'name', line: t.line });
      }
      continue;
    }
    const kind = t.kind === 'number' ? 'number' : t.kind === 'string' ? 'string' : 'punctuation';
    tokens.push({ text: t.text, kind, line: t.line });
  }
  return { language: 'PYTHON', tokens, lineCount: code.split('\n').length };
}
