/**
 * Text from outside placed in a GitHub issue. Markdown there would let a
 * prospect's company name ping people (`@org/team`), close issues
 * (`fixes #1`), or inject HTML; so HTML is entity-escaped, markdown
 * punctuation is escaped, `#` is neutralised with a zero-width joiner, and so
 * is an `@` where GitHub would read a mention.
 *
 * GitHub only mentions `@login` at the start of a word: after the start of the
 * text or a character that is not [A-Za-z0-9_]. The `@` inside `bob@acme.com`
 * is left alone, so an address stays an address a person can copy.
 *
 * Every line ending CommonMark knows (`\n`, `\r\n` and a lone `\r`) becomes a
 * space, so a value cannot end its table row. Links are neutralised too: a bare
 * `https://…` or `www.…` would be autolinked (a prospect's link in the cloud
 * team's issue), and a github.com issue or pull-request URL, or `GH-12`, would
 * cross-reference that issue; a zero-width joiner breaks each pattern while the
 * text reads the same.
 */
export function escapeGitHubMarkdown(text: string): string {
  return neutraliseLinks(text.replace(/\r\n|\r|\n/g, ' '))
    .replace(/(?<![A-Za-z0-9_])@/g, '@\u200d')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()!|~])/g, '\\$1')
    .replace(/#/g, '#\u200d');
}

const ZWJ = '\u200d';

function neutraliseLinks(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*):(?=\/\/)/gi, `$1:${ZWJ}`)
    .replace(/\b(www)\./gi, `$1${ZWJ}.`)
    .replace(/\b(github)\.(com)\b/gi, `$1${ZWJ}.$2`)
    .replace(/\b(gh)-(?=\d)/gi, `$1${ZWJ}-`);
}

/**
 * A value the bot itself vouches for (the CE's or AE's email from the roster,
 * its own channel name), shown exactly as it is: in a code span, where GitHub
 * renders nothing and mentions nobody. Anything that cannot sit in a code span
 * safely falls back to the escaped form.
 */
export function verbatimGitHub(text: string): string {
  return /^[^\s`|<>\\]+$/.test(text) ? `\`${text}\`` : escapeGitHubMarkdown(text);
}
