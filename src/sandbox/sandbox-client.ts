// The sandbox page's script. It runs in the browser: it is shipped as the source text of this
// function, so it must not use anything from outside it but `sandboxDrawing`, shipped beside it. Message and modal bodies arrive as
// HTML rendered (and escaped) by the server; everything else is escaped here with `esc`.

import type { Drawing, DrawingEnv } from './sandbox-drawing.js';

declare function sandboxDrawing(env: DrawingEnv): Drawing;

export function sandboxClient(): void {
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  const esc = (v: unknown) =>
    String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  const OUTSIDER = 'U0OUTSIDE';
  const ui = {
    as: localStorage.getItem('sandbox.as') || OUTSIDER,
    channel: localStorage.getItem('sandbox.channel') || '',
    tab: 'signup',
    expanded: new Set<string>(),
    /** The thread the composer replies in, if any. */
    replyTo: '',
  };
  let state: any = null;
  const drawn: Record<string, string> = {};

  // ---- talking to the sandbox API ------------------------------------------------------------

  async function post(path: string, body: unknown): Promise<any> {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.error || `HTTP ${res.status}`);
    return json;
  }

  function toast(text: string, error = false) {
    const el = document.createElement('div');
    el.className = `toast${error ? ' error' : ''}`;
    el.textContent = text;
    $('toasts').appendChild(el);
    setTimeout(() => el.remove(), error ? 7000 : 3500);
  }

  /** The bot answers Slack within 3 s and does the rest after; look again shortly after an action. */
  async function settle() {
    await refresh();
    setTimeout(refresh, 250);
    setTimeout(refresh, 800);
  }

  function reportAnswer(what: string, answer: any) {
    if (!answer) return;
    if (answer.status >= 400) {
      const detail = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      toast(`${what}: the bot answered ${answer.status} ${detail}`, true);
    }
  }

  // ---- drawing: sandboxDrawing (sandbox-drawing.ts), shipped beside this script ---------------

  const { draw, ask } = sandboxDrawing({ $, esc, ui, drawn, state: () => state });

  let refreshing: Promise<void> | null = null;
  async function refresh(): Promise<void> {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const res = await fetch(`/sandbox/state?as=${encodeURIComponent(ui.as)}&channel=${encodeURIComponent(ui.channel)}`);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        state = await res.json();
        if (state.channel && state.channel.id !== ui.channel) {
          ui.channel = state.channel.id;
          ui.replyTo = '';
        }
        draw();
      } catch (error) {
        $('clock-badge').textContent = `⚠ sandbox not answering (${(error as Error).message})`;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  // ---- actions -------------------------------------------------------------------------------

  /** On the Home tab, Slack tells the app it was opened (and the app draws it for this person). */
  async function openHomeIfShown() {
    if (ui.channel === '@home') await post('/sandbox/home', { as: ui.as }).catch((error: Error) => toast(`Home: ${error.message}`, true));
  }

  async function click(button: HTMLElement) {
    const action = JSON.parse(button.dataset.action || '{}');
    const msg = button.closest('.msg') as HTMLElement | null;
    if (action.confirm) {
      const ok = await ask({ title: action.confirm.title, html: `<div>${action.confirm.text}</div>`, ok: action.confirm.confirm, cancel: action.confirm.deny });
      if (!ok) return;
    }
    const { answer } = await post('/sandbox/click', {
      as: ui.as,
      channel: msg?.dataset.channel ?? ui.channel,
      ts: msg?.dataset.ts,
      action: { action_id: action.action_id, block_id: action.block_id, value: action.value, text: action.text, overflow: action.overflow === true },
    });
    reportAnswer(action.text || action.action_id, answer);
  }

  async function submitModal(form: HTMLFormElement) {
    const values: Record<string, Record<string, unknown>> = {};
    form.querySelectorAll<HTMLElement>('[data-block][data-action-id]').forEach((el) => {
      const block = el.dataset.block as string;
      const actionId = el.dataset.actionId as string;
      const type = el.dataset.type;
      let v: unknown;
      if (type === 'static_select') {
        const sel = el as HTMLSelectElement;
        const opt = sel.selectedOptions[0];
        v = { type, selected_option: sel.value ? { text: { type: 'plain_text', text: opt?.textContent ?? '' }, value: sel.value } : null };
      } else if (type === 'datepicker') {
        v = { type, selected_date: (el as HTMLInputElement).value || null };
      } else {
        v = { type, value: (el as HTMLInputElement).value || null };
      }
      (values[block] ??= {})[actionId] = v;
    });
    form.querySelectorAll('.b-error').forEach((e) => (e.textContent = ''));
    const { answer } = await post('/sandbox/view/submit', { as: ui.as, viewId: form.dataset.view, values });
    reportAnswer('Submit', answer);
    const errors = answer?.body?.response_action === 'errors' ? answer.body.errors : null;
    if (errors) {
      for (const [blockId, message] of Object.entries(errors)) {
        const box = form.querySelector(`.b-input[data-block-id="${CSS.escape(blockId)}"] .b-error`);
        if (box) box.textContent = String(message);
      }
    }
  }

  async function github(button: HTMLElement) {
    const card = button.closest('[data-issue]') as HTMLElement;
    const number = Number(card.dataset.issue);
    const what = button.dataset.gh;
    if (what === 'comment') {
      const body = await ask({
        title: `Comment on #${number} as cloud-ops`,
        html: '<p class="hint">For example: Provisioned at https://example.trials.acme-cloud.com</p>',
        ok: 'Comment',
        textarea: true,
      });
      if (!body) return;
      await post('/sandbox/github/comment', { number, body });
    } else {
      await post(`/sandbox/github/${what}`, { number });
    }
  }

  async function guarded(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (error) {
      toast((error as Error).message, true);
    }
    await settle();
  }

  document.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    const actionButton = target.closest<HTMLElement>('button[data-action]');
    if (actionButton) return void guarded(() => click(actionButton));
    const goto = target.closest<HTMLElement>('[data-goto], .channel-link[data-channel]');
    if (goto) {
      ui.channel = goto.dataset.goto || goto.dataset.channel || '';
      ui.replyTo = '';
      localStorage.setItem('sandbox.channel', ui.channel);
      drawn.scrolled = '';
      return void openHomeIfShown().then(refresh);
    }
    const replyTo = target.closest<HTMLElement>('[data-reply]');
    if (replyTo) {
      const ts = replyTo.dataset.reply as string;
      ui.replyTo = ui.replyTo === ts ? '' : ts;
      if (ui.replyTo) ui.expanded.add(ts);
      draw();
      if (ui.replyTo) ($('composer-input') as HTMLInputElement).focus();
      return;
    }
    if (target.id === 'composer-thread-cancel') {
      ui.replyTo = '';
      return void draw();
    }
    const thread = target.closest<HTMLElement>('[data-thread]');
    if (thread) {
      const ts = thread.dataset.thread as string;
      if (ui.expanded.has(ts)) ui.expanded.delete(ts);
      else ui.expanded.add(ts);
      return void draw();
    }
    const tab = target.closest<HTMLElement>('[data-tab]');
    if (tab) {
      ui.tab = tab.dataset.tab as string;
      document.querySelectorAll('[data-tab]').forEach((b) => b.classList.toggle('active', b === tab));
      document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === `tab-${ui.tab}`));
      return;
    }
    const gh = target.closest<HTMLElement>('button[data-gh]');
    if (gh) return void guarded(() => github(gh));
    const clock = target.closest<HTMLElement>('button[data-clock]');
    if (clock) return void guarded(() => post('/sandbox/clock', { advanceDays: Number(clock.dataset.clock) }));
    if (target.closest('button[data-clock-reset]')) return void guarded(() => post('/sandbox/clock', { reset: true }));
    const check = target.closest<HTMLElement>('button[data-check]');
    if (check) {
      return void guarded(async () => {
        check.setAttribute('disabled', '');
        try {
          const outcome = await post('/sandbox/check', {});
          const el = $('job-result');
          el.hidden = false;
          el.textContent = outcome.text;
          toast(outcome.ok ? 'preflight: all checks pass' : 'preflight: some checks failed', !outcome.ok);
        } finally {
          check.removeAttribute('disabled');
        }
      });
    }
    const job = target.closest<HTMLElement>('button[data-job]');
    if (job) {
      return void guarded(async () => {
        job.setAttribute('disabled', '');
        try {
          const outcome = await post('/sandbox/jobs/run', { name: job.dataset.job });
          toast(`${outcome.job}: ${outcome.ok ? outcome.summary : 'failed: ' + outcome.error}`, !outcome.ok);
        } finally {
          job.removeAttribute('disabled');
        }
      });
    }
    if (target.id === 'modal-close') {
      const form = $('modal-form');
      return void guarded(() => post('/sandbox/view/close', { viewId: form.dataset.view }));
    }
  });

  document.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    if (form.id === 'modal-form') {
      e.preventDefault();
      return void guarded(() => submitModal(form));
    }
  });

  ($('as') as HTMLSelectElement).addEventListener('change', (e) => {
    ui.as = (e.target as HTMLSelectElement).value;
    localStorage.setItem('sandbox.as', ui.as);
    drawn.sidebar = '';
    void openHomeIfShown().then(settle);
  });

  ($('composer') as HTMLFormElement).addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('composer-input') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void guarded(async () => {
      if (text.startsWith('/')) {
        const { answer } = await post('/sandbox/command', { as: ui.as, channel: ui.channel, text });
        reportAnswer(text, answer);
      } else {
        await post('/sandbox/message', { as: ui.as, channel: ui.channel, text, ...(ui.replyTo ? { threadTs: ui.replyTo } : {}) });
      }
    });
  });

  ($('signup-form') as HTMLFormElement).addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = Object.fromEntries(new FormData(form).entries());
    void guarded(async () => {
      const result = await post('/sandbox/signup', data);
      $('signup-answer-card').hidden = false;
      $('signup-answer').textContent = `${result.answer.status} ${JSON.stringify(result.answer.body, null, 2)}`;
    });
  });

  ($('clock-form') as HTMLFormElement).addEventListener('submit', (e) => {
    e.preventDefault();
    const date = ($('clock-date') as HTMLInputElement).value;
    if (date) void guarded(() => post('/sandbox/clock', { date }));
  });

  void refresh();
  setInterval(() => void refresh(), 1000);
}
