import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  language: 'typescript' | 'javascript' | 'json' | 'python';
  /** Accessible name of the editing area. */
  label: string;
  /** Compile or runtime errors to mark in the text (1-based line and column, as the API reports them). */
  diagnostics?: EditorDiagnostic[];
}

export interface EditorDiagnostic {
  line: number;
  column?: number | null;
  message: string;
}

/** The API's 1-based line/column → a range in the document, clamped (the code may have changed since). */
function toDiagnostic(doc: EditorView['state']['doc'], d: EditorDiagnostic): Diagnostic {
  const line = doc.line(Math.min(Math.max(1, d.line), doc.lines));
  const from = line.from + Math.min(Math.max(0, (d.column ?? 1) - 1), line.length);
  return { from, to: Math.max(from, line.to), severity: 'error', message: d.message };
}

/**
 * The grammar for a language. TypeScript and JavaScript, what most solutions are written in, are
 * in the editor's own chunk; Python and JSON are fetched when picked, so the exercise page does
 * not compile their grammars for every candidate (the editor works as plain text meanwhile).
 */
function loadGrammar(language: CodeEditorProps['language']): Extension | Promise<Extension> {
  if (language === 'python') return import('@codemirror/lang-python').then((m) => m.python());
  if (language === 'json') return import('@codemirror/lang-json').then((m) => m.json());
  return javascript({ typescript: language === 'typescript' });
}

/**
 * CodeMirror 6, loaded lazily (it is the largest part of the exercise page). Tab is left to the
 * browser (no indentWithTab), so keyboard users can leave the editor; Escape then Tab also works.
 */
export default function CodeEditor({ value, onChange, language, label, diagnostics }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const grammar = loadGrammar(language);
    const grammarSlot = new Compartment();
    const v = new EditorView({
      doc: value,
      parent: host.current!,
      extensions: [
        basicSetup,
        grammarSlot.of(grammar instanceof Promise ? [] : grammar),
        lintGutter(),
        // Wrapped lines and a growing height: no inner scroll region a keyboard user cannot reach.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChangeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    let live = true;
    if (grammar instanceof Promise)
      // A grammar that fails to load leaves plain text: the editor still edits and submits.
      grammar.then((g) => live && v.dispatch({ effects: grammarSlot.reconfigure(g) })).catch(() => undefined);
    return () => {
      live = false;
      v.destroy();
    };
    // The editor is created once per language; later value changes arrive through the effect below.
  }, [language, label]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  // Also after a re-creation (language change): the effect runs again with the new view.
  useEffect(() => {
    const v = view.current;
    if (v)
      v.dispatch(
        setDiagnostics(
          v.state,
          (diagnostics ?? []).map((d) => toDiagnostic(v.state.doc, d)),
        ),
      );
  }, [diagnostics, language, label]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
