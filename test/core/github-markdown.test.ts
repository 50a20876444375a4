import { describe, expect, it } from 'vitest';
import { escapeGitHubMarkdown, verbatimGitHub } from '../../src/core/github-markdown.js';
import { instanceRequestIssue, terminateIssue } from '../../src/messages/github/issue-bodies.js';

const request = (company: string, requesterName = 'Ann') =>
  instanceRequestIssue({
    trialId: 'tr_x',
    company,
    domain: 'x.com',
    requesterName,
    requesterEmail: 'a@x.com',
    ceEmail: 'ce@vendor.test',
    ceName: null,
    aeEmail: null,
    caseCode: '3',
    trialSpace: null,
  });

/** The rows of the body's table, as GitHub splits them: on \n, \r\n and a lone \r alike. */
const tableRows = (body: string) => body.split(/\r\n|\r|\n/).filter((l) => l.startsWith('|'));

describe('GitHub markdown from a prospect', () => {
  it('a lone \\r cannot end a table row: every line ending becomes a space', () => {
    for (const evil of ['Acme\r| Admin | yes |', 'Acme\r\n| x |', 'Acme\n| x |', 'A\rB\nC\r\nD']) {
      const escaped = escapeGitHubMarkdown(evil);
      expect(escaped).not.toMatch(/[\r\n]/);
      const rows = tableRows(request(evil).body);
      // The instance request's table: header, rule and its 9 rows, whatever the company says.
      expect(rows).toHaveLength(11);
      expect(rows.every((r) => r.endsWith(' |'))).toBe(true);
    }
  });

  it('bare URLs are not autolinked, and github.com issue URLs and GH-n do not cross-reference', () => {
    const evil = 'see https://evil.example/login HTTP://X.TEST www.evil.example https://github.com/acme/secret/issues/12 github.com/acme/secret/pull/3 GH-77';
    const escaped = escapeGitHubMarkdown(evil);
    expect(escaped).not.toMatch(/[a-z]:\/\//i);
    expect(escaped).not.toMatch(/\bwww\./i);
    expect(escaped).not.toMatch(/github\.com/i);
    expect(escaped).not.toMatch(/\bGH-\d/i);
    // It still reads the same: only zero-width joiners were added (and markdown escapes).
    expect(escaped.replace(/\u200d/g, '')).toBe(evil);
    const body = terminateIssue({
      key: 'k',
      trialId: 'tr_x',
      company: evil,
      domain: 'x.com',
      instanceUrl: 'https://acme.trials.example.com',
      ceEmail: null,
      aeEmail: null,
      requestedBy: 'Ann',
      reason: evil,
    }).body;
    expect(body).not.toMatch(/https:\/\/evil|www\.evil|github\.com/);
    // The instance URL is the bot's own (imported, or set by the cloud team): kept whole, ready to copy.
    expect(body).toContain('`https://acme.trials.example.com`');
  });

  it('an email address stays copyable, and verbatim values are kept as they are', () => {
    expect(escapeGitHubMarkdown('bob@acme.com')).toBe('bob@acme.com');
    expect(verbatimGitHub('ce@vendor.test')).toBe('`ce@vendor.test`');
  });
});
