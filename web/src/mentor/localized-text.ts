/** A server LocalizedText in a page's language: Simplified Chinese for zh-CN, else English. */
export function inLanguage(text: { en: string; zhCN: string }, language: string): string {
  return language === 'zh-CN' ? text.zhCN : text.en;
}
