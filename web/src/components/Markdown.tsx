import { LoadFailed, Loading } from './status';
import { mayHaveMath, withoutTitle } from './markdown-source';
import { MarkdownView } from './markdown-view';
import { useModule } from './use-module';

const loadMathMarkdown = () => import('./MathMarkdown');

/**
 * An exercise statement, explanation or code listing: Markdown with GitHub tables, highlighted
 * code blocks and, where the source has any, $math$. KaTeX (about 77 KB gzip of script, plus its
 * stylesheet and fonts) is fetched only for a source with math, so the exercise page does not
 * compile it for the statements that have none. Loaded lazily itself: only pages with Markdown
 * need it.
 */
export default function Markdown({ source, dropTitle }: { source: string; dropTitle?: boolean }) {
  const text = dropTitle ? withoutTitle(source) : source;
  return mayHaveMath(text) ? <WithMath source={text} /> : <MarkdownView source={text} />;
}

function WithMath({ source }: { source: string }) {
  const { Component: MathMarkdown, failed } = useModule(loadMathMarkdown);
  if (MathMarkdown) return <MathMarkdown source={source} />;
  return failed ? <LoadFailed /> : <Loading />;
}
