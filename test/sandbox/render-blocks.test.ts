import { describe, expect, it } from 'vitest';
import { renderBlock, renderMessage, renderView } from '../../src/sandbox/render-blocks.js';
import { renderMrkdwn, type Directory } from '../../src/sandbox/render-mrkdwn.js';

const dir: Directory = {
  userName: (id) => ({ U1: 'Carol Diaz', U2: 'Eve <img>' })[id],
  channelName: (id) => ({ C1: 'cloud-trial-acme' })[id],
};

describe('mrkdwn on the sandbox page', () => {
  it.each([
    ['*bold* and _italic_ and ~gone~', '<b>bold</b> and <i>italic</i> and <s>gone</s>'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['`a <b> c`', '<code>a &lt;b&gt; c</code>'],
    ['hi <@U1>', 'hi <span class="mention" data-user="U1">@Carol Diaz</span>'],
    ['see <#C1>', 'see <span class="mention channel-link" data-channel="C1">#cloud-trial-acme</span>'],
    ['<https://x.test/a?b=1&amp;c=2|the label>', '<a href="https://x.test/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the label</a>'],
    ['<!date^1795334948^{date_short}|22 Nov 2026>', '<span class="date">22 Nov 2026</span>'],
    [':white_check_mark: done', '✅ done'],
    ['line one\nline two', 'line one<br>line two'],
    ['*<@U1>*', '<b><span class="mention" data-user="U1">@Carol Diaz</span></b>'],
  ])('%s', (input, html) => {
    expect(renderMrkdwn(input, dir)).toBe(html);
  });

  it('escapes HTML wherever it comes from: text, escaped text, names and link labels', () => {
    const html = renderMrkdwn('<script>x</script> &lt;img onerror=1&gt; <@U2> <javascript:alert(1)|click "me">', dir);
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain('&lt;img onerror=1&gt;');
    expect(html).toContain('@Eve &lt;img&gt;');
    expect(html).toContain('click &quot;me&quot;');
  });
});

describe('Block Kit on the sandbox page', () => {
  it('draws header, section text and fields, context, divider, images and buttons carrying their action', () => {
    const html = renderMessage(
      {
        text: 'fallback',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Trial <b>' } },
          { type: 'section', text: { type: 'mrkdwn', text: '*Acme*' }, fields: [{ type: 'mrkdwn', text: '*AE*\n<@U1>' }] },
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'small print' }] },
          { type: 'divider' },
          { type: 'image', image_url: 'https://img.test/a.png', alt_text: 'chart' },
          {
            type: 'actions',
            block_id: 'b1',
            elements: [{ type: 'button', action_id: 'trial_extend', value: 'tr_1', style: 'primary', text: { type: 'plain_text', text: 'Extend 15 days' } }],
          },
        ],
      },
      dir,
    );
    expect(html).toContain('<div class="b-header">Trial &lt;b&gt;</div>');
    expect(html).toContain('<b>Acme</b>');
    expect(html).toContain('<b>AE</b><br><span class="mention" data-user="U1">@Carol Diaz</span>');
    expect(html).toContain('class="b-context"');
    expect(html).toContain('<hr class="b-divider">');
    // An image on the web is a link to it, never fetched by the page (no network at run time).
    expect(html).toContain('<a class="img-link" href="https://img.test/a.png"');
    expect(html).toContain('🖼 chart');
    expect(html).not.toContain('<img');
    expect(html).toContain('class="sk-btn primary"');
    expect(html).toContain('&quot;action_id&quot;:&quot;trial_extend&quot;');
    expect(html).not.toContain('fallback');
  });

  it('draws an inline data: image, and no image at all for a URL that is neither https nor data', () => {
    const html = renderMessage({ blocks: [{ type: 'context', elements: [{ type: 'image', image_url: 'data:image/png;base64,AAAA', alt_text: 'dot' }] }] }, dir);
    expect(html).toContain('<img class="ctx-img" src="data:image/png;base64,AAAA" alt="dot"');
    const odd = renderMessage({ blocks: [{ type: 'image', image_url: 'javascript:alert(1)', alt_text: 'x' }] }, dir);
    expect(odd).not.toMatch(/<img|href=/);
  });

  it('knows the emoji the bot uses', () => {
    expect(renderMessage({ text: ':ticket: Trial extend request #2' }, dir)).toContain('🎫 Trial extend request #2');
    expect(renderMessage({ text: ':rotating_light: :large_blue_circle:' }, dir)).toContain('🚨 🔵');
  });

  it('falls back to the text when a message has no blocks, and names blocks it does not draw', () => {
    expect(renderMessage({ text: 'just *text*' }, dir)).toContain('just <b>text</b>');
    expect(renderBlock({ type: 'rich_text' }, dir)).toContain('[rich_text block]');
  });

  it('draws a modal with its selects and text inputs', () => {
    const view = renderView(
      {
        type: 'modal',
        title: { type: 'plain_text', text: 'Disqualify lead' },
        submit: { type: 'plain_text', text: 'Disqualify' },
        blocks: [
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: 'Reason' },
            element: { type: 'static_select', action_id: 'value', options: [{ text: { type: 'plain_text', text: 'Competitor' }, value: 'competitor' }] },
          },
          {
            type: 'input',
            block_id: 'detail',
            optional: true,
            label: { type: 'plain_text', text: 'Details' },
            element: { type: 'plain_text_input', action_id: 'value', multiline: true },
          },
        ],
      },
      dir,
    );
    expect(view.title).toBe('Disqualify lead');
    expect(view.submit).toBe('Disqualify');
    expect(view.html).toContain('<select class="sk-input" data-block="reason" data-action-id="value" data-type="static_select">');
    expect(view.html).toContain('<option value="competitor">Competitor</option>');
    expect(view.html).toContain('<textarea');
  });
});
