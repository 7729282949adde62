import ReactMarkdown from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import rehypeCodeHighlight from './rehype-code-highlight';

/**
 * An exercise statement: Markdown (with GitHub tables) with $math$ (KaTeX) and highlighted code blocks. Raw HTML in
 * the source is not rendered (react-markdown's default), so a statement cannot inject markup.
 * Loaded lazily: only the exercise page needs it.
 */
export default function Markdown({ source, dropTitle }: { source: string; dropTitle?: boolean }) {
  // The page already shows the exercise title as its h1; a statement's own leading "# Title" would repeat it.
  if (dropTitle) source = source.replace(/^\s*# [^\n]*\n/, '');
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath]}
        rehypePlugins={[rehypeKatex, rehypeCodeHighlight]}
        // A code block wider than the column scrolls: focusable, so the keyboard can scroll it too.
        components={{ pre: ({ node: _node, ...props }) => <pre tabIndex={0} {...props} /> }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
