// Block Kit as HTML for the sandbox page: what Slack would draw for a message or a modal.
// Buttons carry what a click must send back (action_id, block_id, value, confirm) as JSON in
// a data attribute; the page's script turns a click into a signed block_actions request.
import { escapeHtml, renderText, type Directory } from './render-mrkdwn.js';

type Block = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function attr(value: unknown): string {
  return escapeHtml(JSON.stringify(value));
}

function renderButton(el: Record<string, unknown>, blockId: string, dir: Directory): string {
  const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
  const action = {
    action_id: str(el.action_id),
    block_id: blockId,
    value: typeof el.value === 'string' ? el.value : undefined,
    text: str((el.text as { text?: unknown } | undefined)?.text),
    confirm: isRecord(el.confirm)
      ? {
          title: str((el.confirm.title as { text?: unknown } | undefined)?.text) || 'Are you sure?',
          text: renderText(el.confirm.text, dir),
          confirm: str((el.confirm.confirm as { text?: unknown } | undefined)?.text) || 'Yes',
          deny: str((el.confirm.deny as { text?: unknown } | undefined)?.text) || 'Cancel',
        }
      : undefined,
  };
  if (typeof el.url === 'string') {
    return `<a class="sk-btn${style}" href="${escapeHtml(el.url)}" target="_blank" rel="noopener noreferrer">${renderText(el.text, dir)}</a>`;
  }
  return `<button type="button" class="sk-btn${style}" data-action="${attr(action)}">${renderText(el.text, dir)}</button>`;
}

/**
 * An inline `data:` image is drawn; one on the web is a link instead, since the page must not
 * reach the network by itself (a person may follow the link).
 */
function renderImage(el: Record<string, unknown>, small: boolean): string {
  const url = str(el.image_url);
  const alt = str(el.alt_text);
  if (/^data:image\//i.test(url)) {
    return `<img class="${small ? 'ctx-img' : 'block-img'}" src="${escapeHtml(url)}" alt="${escapeHtml(alt)}" title="${escapeHtml(alt)}">`;
  }
  const label = `🖼 ${escapeHtml(alt || 'image')}`;
  if (!/^https?:/i.test(url)) return `<span class="img-link">${label}</span>`;
  return `<a class="img-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(url)}">${label}</a>`;
}

function renderOption(o: unknown, selected: string | undefined): string {
  if (!isRecord(o)) return '';
  const value = str(o.value);
  return `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(str((o.text as { text?: unknown } | undefined)?.text))}</option>`;
}

/** An interactive element inside a modal's input block; the page reads it back on submit. */
function renderInputElement(el: Record<string, unknown>, blockId: string): string {
  const actionId = str(el.action_id);
  const data = `data-block="${escapeHtml(blockId)}" data-action-id="${escapeHtml(actionId)}" data-type="${escapeHtml(str(el.type))}"`;
  const placeholder = escapeHtml(str((el.placeholder as { text?: unknown } | undefined)?.text));
  if (el.type === 'static_select') {
    const initial = isRecord(el.initial_option) ? str(el.initial_option.value) : undefined;
    const groups = Array.isArray(el.option_groups) ? el.option_groups : [];
    const options = Array.isArray(el.options) ? el.options : groups.flatMap((g) => (isRecord(g) && Array.isArray(g.options) ? g.options : []));
    return `<select class="sk-input" ${data}><option value="">${placeholder || 'Choose…'}</option>${options.map((o) => renderOption(o, initial)).join('')}</select>`;
  }
  if (el.type === 'plain_text_input') {
    const initial = escapeHtml(str(el.initial_value));
    const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
    return el.multiline
      ? `<textarea class="sk-input" rows="3" ${data} placeholder="${placeholder}"${max}>${initial}</textarea>`
      : `<input class="sk-input" type="text" ${data} placeholder="${placeholder}" value="${initial}"${max}>`;
  }
  if (el.type === 'datepicker') {
    return `<input class="sk-input" type="date" ${data} value="${escapeHtml(str(el.initial_date))}">`;
  }
  return `<div class="unsupported">[${escapeHtml(str(el.type) || 'element')} is not drawn by the sandbox]</div>`;
}

/** An overflow menu, drawn open: one small button per option, each sending the option as Slack does. */
function renderOverflow(el: Record<string, unknown>, blockId: string): string {
  const options = Array.isArray(el.options) ? el.options.filter(isRecord) : [];
  return `<span class="b-overflow">${options
    .map((o) => {
      const text = str((o.text as { text?: unknown } | undefined)?.text);
      const action = { action_id: str(el.action_id), block_id: blockId, value: str(o.value), text, overflow: true };
      return `<button type="button" class="sk-btn small" data-action="${attr(action)}">${escapeHtml(text)}</button>`;
    })
    .join('')}</span>`;
}

function renderElement(el: unknown, blockId: string, dir: Directory): string {
  if (!isRecord(el)) return '';
  if (el.type === 'button') return renderButton(el, blockId, dir);
  if (el.type === 'image') return renderImage(el, false);
  if (el.type === 'overflow') return renderOverflow(el, blockId);
  return `<span class="unsupported">[${escapeHtml(str(el.type) || 'element')}]</span>`;
}

export function renderBlock(block: unknown, dir: Directory): string {
  if (!isRecord(block)) return '';
  const blockId = str(block.block_id);
  switch (block.type) {
    case 'header':
      return `<div class="b-header">${renderText(block.text, dir)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="b-text">${renderText(block.text, dir)}</div>` : '';
      const fields = Array.isArray(block.fields)
        ? `<div class="b-fields">${block.fields.map((f) => `<div class="b-field">${renderText(f, dir)}</div>`).join('')}</div>`
        : '';
      const accessory = isRecord(block.accessory)
        ? `<div class="b-accessory">${block.accessory.type === 'image' ? renderImage(block.accessory, false) : renderElement(block.accessory, blockId, dir)}</div>`
        : '';
      return `<div class="b-section"><div class="b-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return `<div class="b-context">${elements
        .map((e) => (isRecord(e) && e.type === 'image' ? renderImage(e, true) : `<span>${renderText(e, dir)}</span>`))
        .join('')}</div>`;
    }
    case 'divider':
      return '<hr class="b-divider">';
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return `<div class="b-actions">${elements.map((e) => renderElement(e, blockId, dir)).join('')}</div>`;
    }
    case 'image': {
      const title = block.title ? `<div class="b-image-title">${renderText(block.title, dir)}</div>` : '';
      return `<div class="b-image">${title}${renderImage(block, false)}</div>`;
    }
    case 'input': {
      const el = isRecord(block.element) ? block.element : {};
      const hint = block.hint ? `<div class="b-hint">${renderText(block.hint, dir)}</div>` : '';
      const optional = block.optional ? ' <span class="optional">(optional)</span>' : '';
      return `<div class="b-input" data-block-id="${escapeHtml(blockId)}"><label>${renderText(block.label, dir)}${optional}</label>${renderInputElement(el, blockId)}${hint}<div class="b-error"></div></div>`;
    }
    default:
      return `<div class="unsupported">[${escapeHtml(str(block.type) || 'block')} block]</div>`;
  }
}

/** A message as Slack draws it: its blocks when it has any, else its text as mrkdwn. */
export function renderMessage(message: { text?: string; blocks?: unknown[] }, dir: Directory): string {
  if (Array.isArray(message.blocks) && message.blocks.length > 0) {
    return message.blocks.map((b) => renderBlock(b, dir)).join('');
  }
  return `<div class="b-text">${renderText({ type: 'mrkdwn', text: message.text ?? '' }, dir)}</div>`;
}

/** A modal's title, buttons and blocks. */
export function renderView(view: Record<string, unknown>, dir: Directory) {
  const textOf = (v: unknown, fallback: string) => escapeHtml(str((v as { text?: unknown } | undefined)?.text) || fallback);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  return {
    title: textOf(view.title, 'Form'),
    submit: view.submit ? textOf(view.submit, 'Submit') : null,
    close: textOf(view.close, 'Cancel'),
    html: blocks.map((b: Block) => renderBlock(b, dir)).join(''),
  };
}
