/**
 * TypeScript/JavaScript → CommonJS with `typescript`'s transpileModule, outside any isolate
 * (the source size is capped before this runs). Syntax errors become COMPILE_ERROR with
 * line and column.
 */
import { clean, SandboxFailureError } from './failures.js';
import { FACTORY_PREFIX, sourcePositions, type SourcePositions } from './source-lines.js';

let typescript: Promise<typeof import('typescript')> | undefined;

/** The compiler, loaded once (~0.5 s); the child starts loading it as soon as it is ready. */
export function loadTypeScript(): Promise<typeof import('typescript')> {
  typescript ??= import('typescript').then((m) => (m as unknown as { default: typeof import('typescript') }).default);
  return typescript;
}

export interface Transpiled {
  /** CommonJS, to be wrapped in a module factory (same first line, so stack lines match). */
  code: string;
  /** Candidate source positions of `code` (see source-lines.ts). */
  positions: SourcePositions;
}

function transpileWith(
  ts: typeof import('typescript'),
  language: 'TYPESCRIPT' | 'JAVASCRIPT',
  code: string,
): import('typescript').TranspileOutput {
  return ts.transpileModule(code, {
    fileName: language === 'TYPESCRIPT' ? 'submission.ts' : 'submission.js',
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      allowJs: true,
      sourceMap: true,
      inlineSourceMap: false,
      removeComments: false,
    },
  });
}

export async function transpile(language: 'TYPESCRIPT' | 'JAVASCRIPT', code: string): Promise<Transpiled> {
  const ts = await loadTypeScript();
  let output: import('typescript').TranspileOutput;
  try {
    output = transpileWith(ts, language, code);
  } catch (error) {
    // The compiler recurses once per nesting level: 20,000 nested parentheses overflow its stack.
    // That is the code's doing, so it is the candidate's compile error, never a retried crash.
    if (error instanceof RangeError) {
      throw new SandboxFailureError(
        'COMPILE_ERROR',
        'The code does not compile: it is nested too deeply for the compiler (brackets or blocks thousands of levels deep).',
      );
    }
    throw error;
  }
  const diagnostics = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) {
    const first = diagnostics[0]!;
    const at =
      first.file && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const lines = diagnostics.slice(0, 5).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (d.file && d.start !== undefined) {
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `line ${line + 1}, column ${character + 1}: ${text}`;
      }
      return text;
    });
    throw new SandboxFailureError(
      'COMPILE_ERROR',
      clean(`The code does not compile: ${lines.join('; ')}`),
      at && { line: at.line + 1, column: at.character + 1 },
    );
  }
  // Drop the sourceMappingURL comment: the isolate has nothing to fetch it from.
  return {
    code: output.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''),
    positions: sourcePositions(output.sourceMapText),
  };
}

/** Wraps transpiled CommonJS as a module factory `(module, exports, require) => …` for an isolate. */
export function moduleFactorySource(commonJs: string): string {
  return `${FACTORY_PREFIX}${commonJs}\n})`;
}
