import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import { MarkdownView } from './markdown-view';

/** A Markdown source with $math$, typeset by KaTeX: a chunk of its own, fetched only for such a source. */
export default function MathMarkdown({ source }: { source: string }) {
  return <MarkdownView source={source} remarkPlugins={[remarkMath]} rehypePlugins={[rehypeKatex]} />;
}
