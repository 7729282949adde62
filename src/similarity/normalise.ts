/**
 * Normalisation of submitted code into a token stream that ignores what a copier changes
 * cheaply: names, formatting, comments, quote style, `var`/`let`/`const`, semicolons,
 * trailing commas and TypeScript type annotations.
 *
 * Decisions (and why):
 *   - Identifiers the candidate declares (variables, parameters, functions, classes) become
 *     canonical names `$1`, `$2`, ... in order of first appearance, so a consistent renaming
 *     yields the same stream. Names the candidate cannot rename without breaking the program
 *     are kept verbatim: member names after a dot (`tf.layers.conv2d`), object keys
 *     (`filters:`, `kernelSize:`) and globals never declared in the file (`Math`).
 *   - Numbers are kept, as their value (`1e-3` and `0.001` give the same token): in model code
 *     the numbers (filters, units, rates, learning rates) are most of what differs between two
 *     honest solutions, so bucketing them would make every CNN look like every other.
 *   - Strings are kept, as their value (quote style does not matter): here they are API
 *     vocabulary ('relu', 'same', 'adam', 'categoricalCrossentropy'), short and shared by
 *     everybody, and which ones a candidate picked is part of the solution.
 *   - TypeScript-only syntax (interfaces, type aliases, annotations, `as`, type arguments,
 *     non-null `!`) is dropped, so a TypeScript file and its hand-converted JavaScript match.
 *   - PYTHON has its own tokenizer with the same rules (normalise-python.ts).
 *   - KERAS_JSON is not code: it becomes a canonical JSON text (sorted keys, layer names
 *     replaced by positions, Keras version stamps dropped), tokenised; its token lines refer to
 *     that canonical text (`canonical`), since the original is usually one long line.
 */
import ts from 'typescript';
import { normalisePython } from './normalise-python.js';
import type { NormalisedCode, NormalisedToken, SimilarityLanguage } from './normalise.types.js';

export type { NormalisedCode, NormalisedToken, SimilarityLanguage, TokenKind } from './normalise.types.js';

/** Parses `code` and returns its normalised token stream (see the module comment). */
export function normaliseCode(code: string, language: SimilarityLanguage): NormalisedCode {
  if (language === 'KERAS_JSON') return normaliseKerasJson(code);
  if (language === 'PYTHON') return normalisePython(code);
  return normaliseScript(code, language);
}

// ---------------------------------------------------------------------------------------
// TypeScript / JavaScript

const DECLARATION_KEYWORDS = new Set([ts.SyntaxKind.VarKeyword, ts.SyntaxKind.LetKeyword, ts.SyntaxKind.ConstKeyword]);
/** Tokens that only introduce a type annotation or assertion: dropped with the type after them. */
const TYPE_INTRODUCERS = new Set([ts.SyntaxKind.ColonToken, ts.SyntaxKind.AsKeyword, ts.SyntaxKind.SatisfiesKeyword]);

function normaliseScript(code: string, language: 'TYPESCRIPT' | 'JAVASCRIPT'): NormalisedCode {
  // Parse both languages as TypeScript: it accepts any JavaScript, and candidates labelled
  // JAVASCRIPT sometimes leave an annotation in.
  const sf = ts.createSourceFile('submission.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declared = collectDeclaredNames(sf);
  const canonical = new Map<string, string>();
  const tokens: NormalisedToken[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const canonicalName = (name: string) => {
    let c = canonical.get(name);
    if (c === undefined) {
      c = `$${canonical.size + 1}`;
      canonical.set(name, c);
    }
    return c;
  };

  const emitIdentifier = (node: ts.Identifier | ts.PrivateIdentifier) => {
    const name = node.text;
    const parent = node.parent;
    const isMemberName =
      (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
      (ts.isPropertyAssignment(parent) && parent.name === node) ||
      ((ts.isMethodDeclaration(parent) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isGetAccessorDeclaration(parent) ||
        ts.isSetAccessorDeclaration(parent) ||
        ts.isPropertySignature(parent)) &&
        parent.name === node) ||
      (ts.isBindingElement(parent) && parent.propertyName === node) ||
      ts.isPrivateIdentifier(node);
    if (isMemberName || !declared.has(name)) {
      tokens.push({ text: name, kind: 'name', line: lineOf(node) });
    } else {
      tokens.push({ text: canonicalName(name), kind: 'identifier', line: lineOf(node) });
    }
  };

  const emitToken = (node: ts.Node) => {
    const kind = node.kind;
    const line = lineOf(node);
    if (kind === ts.SyntaxKind.SemicolonToken) return;
    if (DECLARATION_KEYWORDS.has(kind)) {
      tokens.push({ text: 'let', kind: 'keyword', line });
    } else if (kind === ts.SyntaxKind.NumericLiteral) {
      const value = Number((node as ts.NumericLiteral).text);
      tokens.push({ text: Number.isNaN(value) ? node.getText(sf) : String(value), kind: 'number', line });
    } else if (kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      tokens.push({ text: JSON.stringify((node as ts.StringLiteral).text), kind: 'string', line });
    } else if (
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail
    ) {
      tokens.push({ text: '`' + JSON.stringify((node as ts.TemplateLiteralLikeNode).text), kind: 'template', line });
    } else if (kind === ts.SyntaxKind.BigIntLiteral || kind === ts.SyntaxKind.RegularExpressionLiteral) {
      tokens.push({ text: node.getText(sf), kind: 'number', line });
    } else if (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword) {
      tokens.push({ text: ts.tokenToString(kind) ?? node.getText(sf), kind: 'keyword', line });
    } else {
      tokens.push({ text: ts.tokenToString(kind) ?? node.getText(sf), kind: 'punctuation', line });
    }
  };

  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    if (isTypeOnly(node)) return;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      emitIdentifier(node);
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      // `{ model }` is `{ model: model }`: the key stays, the value is a renamable variable,
      // so `{ model }` and `{ model: net }` normalise alike.
      const line = lineOf(node);
      tokens.push({ text: node.name.text, kind: 'name', line });
      tokens.push({ text: ':', kind: 'punctuation', line });
      emitIdentifier(node.name);
      return;
    }
    const children = node.getChildren(sf);
    if (children.length === 0 || node.kind === ts.SyntaxKind.EndOfFileToken) {
      if (node.kind !== ts.SyntaxKind.EndOfFileToken && node.kind !== ts.SyntaxKind.SyntaxList) emitToken(node);
      return;
    }
    for (const child of keptChildren(node, children)) visit(child);
  };
  visit(sf);
  // A trailing comma directly before `)`, `]` or `}` is formatting, not code.
  const cleaned = tokens.filter(
    (t, i) => !(t.text === ',' && i + 1 < tokens.length && [')', ']', '}'].includes(tokens[i + 1].text)),
  );
  return { language, tokens: cleaned, lineCount: sf.getLineAndCharacterOfPosition(sf.end).line + 1 };
}

/** Nodes that exist only for the type checker. */
function isTypeOnly(node: ts.Node): boolean {
  return (
    ts.isTypeNode(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isTypeParameterDeclaration(node) ||
    (ts.isImportDeclaration(node) && !!node.importClause?.isTypeOnly) ||
    (ts.isExportDeclaration(node) && node.isTypeOnly) ||
    node.kind === ts.SyntaxKind.DeclareKeyword
  );
}

/**
 * The children of `node` that carry code: type-only children are removed together with the
 * `:` / `as` / `satisfies` / `<` `>` / `!` that introduce them.
 */
function keptChildren(node: ts.Node, children: readonly ts.Node[]): ts.Node[] {
  const kept: ts.Node[] = [];
  let dropNextGreaterThan = false;
  for (const child of children) {
    const typeOnly =
      isTypeOnly(child) ||
      (child.kind === ts.SyntaxKind.SyntaxList &&
        child.getChildren().length > 0 &&
        child.getChildren().every((c) => isTypeOnly(c) || c.kind === ts.SyntaxKind.CommaToken));
    if (typeOnly) {
      const prev = kept[kept.length - 1];
      if (prev && TYPE_INTRODUCERS.has(prev.kind)) kept.pop();
      else if (prev && prev.kind === ts.SyntaxKind.LessThanToken) {
        kept.pop();
        dropNextGreaterThan = true;
      }
      continue;
    }
    if (dropNextGreaterThan && child.kind === ts.SyntaxKind.GreaterThanToken) {
      dropNextGreaterThan = false;
      continue;
    }
    dropNextGreaterThan = false;
    if (ts.isNonNullExpression(node) && child.kind === ts.SyntaxKind.ExclamationToken) continue;
    // `x?: T` in a parameter: the `?` belongs to the type side.
    if (ts.isParameter(node) && child.kind === ts.SyntaxKind.QuestionToken) continue;
    kept.push(child);
  }
  return kept;
}

/** Every name the file declares (scope-insensitive: good enough to tell locals from globals). */
function collectDeclaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) addBinding(node.name);
    else if (
      (ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isClassDeclaration(node) ||
        ts.isClassExpression(node)) &&
      node.name
    )
      names.add(node.name.text);
    else if (ts.isImportClause(node) && node.name) names.add(node.name.text);
    else if (ts.isImportSpecifier(node) || ts.isNamespaceImport(node)) names.add(node.name.text);
    else if (ts.isLabeledStatement(node)) names.add(node.label.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

// ---------------------------------------------------------------------------------------
// KERAS_JSON

/**
 * Canonical form of a KERAS_JSON submission (or of a bare topology): keys sorted, every
 * layer's `name` replaced by its position (also where other layers refer to it), Keras
 * version stamps dropped. Returns null when the text is not JSON.
 */
export function canonicalKerasJson(code: string): unknown | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(code);
  } catch {
    return null;
  }
  return canonicaliseValue(unwrapStringified(parsed));
}

/** A KERAS_JSON submission holds `model` as a string (what `model.to_json()` returns): parse nested JSON strings. */
function unwrapStringified(value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return unwrapStringified(JSON.parse(trimmed));
      } catch {
        return value;
      }
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(unwrapStringified);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapStringified(v)]));
  }
  return value;
}

const DROPPED_KERAS_KEYS = new Set(['keras_version', 'backend', 'name', 'trainable', 'dtype']);

function canonicaliseValue(root: unknown): unknown {
  // Collect layer names in order of appearance, to rename references to them.
  const layerNames = new Map<string, string>();
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if (typeof obj.class_name === 'string' && obj.config && typeof obj.config === 'object') {
        const name = (obj.config as Record<string, unknown>).name ?? obj.name;
        if (typeof name === 'string' && !layerNames.has(name)) layerNames.set(name, `layer${layerNames.size}`);
      }
      Object.values(obj).forEach(collect);
    }
  };
  collect(root);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return layerNames.get(value) ?? value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        if (DROPPED_KERAS_KEYS.has(key)) continue;
        out[key] = rewrite((value as Record<string, unknown>)[key]);
      }
      return out;
    }
    return value;
  };
  return rewrite(root);
}

function normaliseKerasJson(code: string): NormalisedCode {
  const canonicalValue = canonicalKerasJson(code);
  // Not JSON: compare it as text, token by token, so that at least identical garbage matches.
  const canonical = canonicalValue === null ? code : JSON.stringify(canonicalValue, null, 1);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, canonical);
  const tokens: NormalisedToken[] = [];
  let line = 1;
  let lastPos = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const start = scanner.getTokenStart();
    for (let i = lastPos; i < start; i++) if (canonical.charCodeAt(i) === 10) line++;
    lastPos = start;
    const text = scanner.getTokenText();
    if (kind === ts.SyntaxKind.NumericLiteral) tokens.push({ text: String(Number(text)), kind: 'number', line });
    else if (kind === ts.SyntaxKind.StringLiteral)
      tokens.push({ text: JSON.stringify(scanner.getTokenValue()), kind: 'string', line });
    else if (
      kind === ts.SyntaxKind.Identifier ||
      (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword)
    )
      tokens.push({ text, kind: 'name', line });
    else tokens.push({ text, kind: 'punctuation', line });
  }
  return { language: 'KERAS_JSON', tokens, canonical, lineCount: canonical.split('\n').length };
}
