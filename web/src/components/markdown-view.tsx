import ReactMarkdown, { type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeCodeHighlight from './rehype-code-highlight';

type Plugins = NonNullable<Options['remarkPlugins']>;

/**
 * Markdown (with GitHub tables) and highlighted code blocks, plus whatever plugins the caller adds
 * (the math ones, loaded only for a source that has math). Raw HTML in the source is not rendered
 * (react-markdown's default), so a statement cannot inject markup.
 */
export function MarkdownView({
  source,
  remarkPlugins = [],
  rehypePlugins = [],
}: {
  source: string;
  remarkPlugins?: Plugins;
  rehypePlugins?: Plugins;
}) {
  return (
    <div className="markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, ...remarkPlugins]}
        rehypePlugins={[...rehypePlugins, rehypeCodeHighlight]}
        // A code block wider than the column scrolls: focusable, so the keyboard can scroll it too.
        components={{ pre: ({ node: _node, ...props }) => <pre tabIndex={0} {...props} /> }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
