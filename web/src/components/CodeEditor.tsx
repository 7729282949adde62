import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { python } from '@codemirror/lang-python';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  language: 'typescript' | 'javascript' | 'json' | 'python';
  /** Accessible name of the editing area. */
  label: string;
}

/**
 * CodeMirror 6, loaded lazily (it is the largest part of the exercise page). Tab is left to the
 * browser (no indentWithTab), so keyboard users can leave the editor; Escape then Tab also works.
 */
export default function CodeEditor({ value, onChange, language, label }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const lang =
      language === 'json'
        ? json()
        : language === 'python'
          ? python()
          : javascript({ typescript: language === 'typescript' });
    const v = new EditorView({
      doc: value,
      parent: host.current!,
      extensions: [
        basicSetup,
        lang,
        // Wrapped lines and a growing height: no inner scroll region a keyboard user cannot reach.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChangeRef.current(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
    // The editor is created once per language; later value changes arrive through the effect below.
  }, [language, label]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
