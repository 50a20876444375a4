/**
 * Text from outside placed in a GitHub issue. Markdown there would let a
 * prospect's company name ping people (`@org/team`), close issues
 * (`fixes #1`), or inject HTML; so HTML is entity-escaped, `@` and `#` are
 * neutralised with a zero-width joiner, and markdown punctuation is escaped.
 */
export function escapeGitHubMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()!|~])/g, '\\$1')
    .replace(/@/g, '@\u200d')
    .replace(/#/g, '#\u200d');
}
