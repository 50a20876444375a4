// The sandbox page's script. It runs in the browser: it is shipped as the source text of this
// function, so it must not use anything from outside it. Message and modal bodies arrive as
// HTML rendered (and escaped) by the server; everything else is escaped here with `esc`.

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

  // ---- drawing -------------------------------------------------------------------------------

  function once(key: string, value: unknown, draw: () => void) {
    const json = JSON.stringify(value);
    if (drawn[key] === json) return;
    drawn[key] = json;
    draw();
  }

  const palette = ['#e8912d', '#2bac76', '#1d9bd1', '#e01e5a', '#7c3085', '#4a154b', '#36c5f0', '#b56b00'];
  function avatar(name: string, id: string, bot: boolean) {
    let h = 0;
    for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    const initials = bot
      ? 'tb'
      : name
          .split(/\s+/)
          .map((w) => w[0] || '')
          .join('')
          .slice(0, 2)
          .toUpperCase();
    return `<div class="avatar" style="background:${bot ? '#611f69' : palette[h % palette.length]}">${esc(initials)}</div>`;
  }

  function when(iso: string) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: state.timezone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  }

  function drawPicker() {
    once('picker', state.people, () => {
      const sel = $('as') as HTMLSelectElement;
      sel.innerHTML = state.people
        .map((p: any) => {
          const roles = p.roles.length ? p.roles.join(', ').replace(/_/g, ' ') : 'outsider, not in the roster';
          return `<option value="${esc(p.id)}">${esc(p.name)} — ${esc(roles)}</option>`;
        })
        .join('');
      sel.value = ui.as;
    });
  }

  function drawSidebar() {
    const data = { channels: state.channels, dms: state.dms, selected: state.channel?.id, as: ui.as };
    once('sidebar', data, () => {
      const link = (c: any, label: string) =>
        `<a data-goto="${esc(c.id)}" data-testid="channel-${esc(c.kind === 'dm' ? 'dm-' + c.dmUser : c.name)}" class="${c.id === data.selected ? 'active' : ''} ${c.archived ? 'archived' : ''} ${c.dmUser === ui.as ? 'mine' : ''}">${label}<span class="count">${c.messageCount || ''}</span></a>`;
      const channels = state.channels.map((c: any) => link(c, `${c.private ? '🔒' : '#'} ${esc(c.name)}`)).join('');
      // Only the viewer's own DM with the bot comes from the server, as in Slack.
      const dms = state.dms.length ? state.dms.map((c: any) => link(c, '● trialbot')).join('') : '<div class="empty">No direct messages yet</div>';
      $('sidebar').innerHTML = `<h3>Channels</h3>${channels}<h3>Direct messages</h3>${dms}`;
    });
  }

  function messageHtml(m: any, channel: string, top = true): string {
    const toggle = m.replies.length
      ? `<button class="replies-toggle" data-thread="${esc(m.ts)}">${ui.expanded.has(m.ts) ? '▾ Hide' : '▸'} ${m.replies.length} ${m.replies.length === 1 ? 'reply' : 'replies'}</button>`
      : '';
    // Like Slack's hover toolbar: only the message under the pointer (or the one replied to) shows it.
    const reply =
      top && !m.ephemeral
        ? `<button class="reply-btn" data-reply="${esc(m.ts)}">${ui.replyTo === m.ts ? '✎ replying in thread' : '↩ Reply in thread'}</button>`
        : '';
    const replies =
      toggle +
      (ui.expanded.has(m.ts) && m.replies.length ? `<div class="replies">${m.replies.map((r: any) => messageHtml(r, channel, false)).join('')}</div>` : '');
    return `<div class="msg${m.ephemeral ? ' ephemeral' : ''}${ui.replyTo === m.ts ? ' replying' : ''}" data-channel="${esc(channel)}" data-ts="${esc(m.ts)}" data-ephemeral="${m.ephemeral ? '1' : ''}">
      ${avatar(m.author, m.authorId, m.isBot)}
      <div class="msg-body">
        <div class="msg-head"><b>${esc(m.author)}</b>${m.isBot ? '<span class="app-badge">APP</span>' : ''}<time>${esc(when(m.time))}</time>${m.edited ? '<span class="edited">(edited)</span>' : ''}${reply}</div>
        ${m.ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : ''}
        <div class="msg-content">${m.html}</div>
        ${replies}
      </div>
    </div>`;
  }

  function drawChannel() {
    const c = state.channel;
    once('head', c, () => {
      if (!c) {
        $('channel-head').innerHTML = '<h2>No channel</h2>';
        return;
      }
      const title = c.kind === 'dm' ? `trialbot ↔ ${esc(c.name)}` : `${c.private ? '🔒' : '#'} ${esc(c.name)}`;
      const sub = [c.topic, c.purpose].filter(Boolean).map(esc).join(' · ') || `${c.members.length} members: ${c.members.map(esc).join(', ')}`;
      $('channel-head').innerHTML = `<h2 data-testid="channel-title">${title}${c.archived ? ' (archived)' : ''}</h2><div class="sub">${sub}</div>`;
    });
    once('composer', { c: c?.id, name: c?.name, kind: c?.kind, r: ui.replyTo }, () => {
      const where = c ? (c.kind === 'dm' ? 'trialbot' : '#' + c.name) : '';
      ($('composer-input') as HTMLInputElement).placeholder = ui.replyTo ? `Reply in the thread in ${where}` : `Message ${where} — or type /trial help`;
      $('composer-thread').hidden = !ui.replyTo;
    });
    once('messages', { m: state.messages, e: [...ui.expanded], r: ui.replyTo, tz: state.timezone }, () => {
      const box = $('messages');
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      box.innerHTML = state.messages.length ? state.messages.map((m: any) => messageHtml(m, c.id)).join('') : '<div class="none">Nothing here yet.</div>';
      if (atBottom || !drawn.scrolled) {
        box.scrollTop = box.scrollHeight;
        drawn.scrolled = '1';
      }
    });
  }

  function drawModal() {
    once('modal', state.modal, () => {
      const m = state.modal;
      const el = $('modal');
      if (!m) {
        el.hidden = true;
        el.innerHTML = '';
        return;
      }
      el.innerHTML = `<form class="dialog" id="modal-form" data-view="${esc(m.id)}" data-testid="modal">
        <header>${m.title}</header>
        <div class="body">${m.html}</div>
        <footer><button type="button" class="sk-btn" id="modal-close">${m.close}</button>${m.submit ? `<button type="submit" class="sk-btn primary">${m.submit}</button>` : ''}</footer>
      </form>`;
      el.hidden = false;
    });
  }

  function drawGithub() {
    once('github', state.github, () => {
      const g = state.github;
      const issues = g.issues.length
        ? g.issues
            .map((i: any) => {
              const ready = i.labels.includes('cloud-trial/instance-ready');
              const labels = i.labels.map((l: string) => `<span class="chip${l.endsWith('instance-ready') ? ' ready' : ''}">${esc(l)}</span>`).join('');
              const comments = i.comments
                .map(
                  (c: any) => `<div class="comment"><b>${esc(c.author)}</b> <span class="meta">${esc(when(c.createdAt))}</span><pre>${esc(c.body)}</pre></div>`,
                )
                .join('');
              return `<div class="card" data-issue="${i.number}" data-testid="issue-${i.number}">
                <h4>#${i.number} ${esc(i.title)}</h4>
                <div class="meta"><span class="state-${esc(i.state)}">${esc(i.state)}</span> · opened by ${esc(i.author)} · ${esc(when(i.createdAt))} ${labels}</div>
                <details${i.comments.length ? '' : ' open'}><summary class="hint">Body</summary><pre>${esc(i.body)}</pre></details>
                ${comments}
                <div class="row">
                  <button class="sk-btn primary" data-gh="label" ${ready ? 'disabled' : ''}>Label cloud-trial/instance-ready</button>
                  <button class="sk-btn" data-gh="close" ${i.state === 'closed' ? 'disabled' : ''}>Close</button>
                  <button class="sk-btn" data-gh="comment">Comment</button>
                </div>
              </div>`;
            })
            .join('')
        : '<p class="hint">No issues yet. Qualified trials raise an instance request here.</p>';
      $('tab-github').innerHTML =
        `<p class="hint">Issues of <b>${esc(g.repo)}</b> on the GitHub stand-in. You act as <b>cloud-ops</b>; each action reaches the bot as a signed webhook.</p>${issues}`;
      const tab = document.querySelector('[data-tab="github"]') as HTMLElement;
      tab.textContent = `GitHub (${g.issues.length})`;
    });
  }

  function drawEmails() {
    once('emails', state.emails, () => {
      const list = state.emails.length
        ? state.emails
            .map(
              (e: any) => `<div class="card" data-testid="email">
                <h4>${esc(e.subject)}</h4>
                <div class="meta">To ${esc(e.to.join(', '))}${e.cc.length ? ` · cc ${esc(e.cc.join(', '))}` : ''} · ${esc(e.template)} · ${esc(e.status)} · ${esc(when(e.createdAt))}</div>
                <pre>${esc(e.text)}</pre>
              </div>`,
            )
            .join('')
        : '<p class="hint">No emails yet.</p>';
      $('tab-emails').innerHTML =
        `<p class="hint">No SMTP server is set, so emails stay in the outbox table (kind <code>email.send</code>); here they are.</p>${list}`;
      (document.querySelector('[data-tab="emails"]') as HTMLElement).textContent = `Emails (${state.emails.length})`;
    });
  }

  function drawClock() {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: state.timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const now = `${fmt.format(new Date(state.now))} (${state.timezone})`;
    const moved = Math.abs(state.clockOffsetMs) > 60000;
    const days = Math.round(Math.abs(state.clockOffsetMs) / 3600000) / 24;
    const offset = moved
      ? `${days >= 1 ? Math.round(days * 10) / 10 + ' days' : 'less than a day'} ${state.clockOffsetMs > 0 ? 'ahead of' : 'behind'} real time`
      : 'real time';
    $('clock-now').textContent = now;
    $('clock-offset').textContent = offset;
    $('clock-badge').textContent = `🕘 ${now}${moved ? ' · ' + offset : ''}`;
    once('jobs', state.jobs, () => {
      $('jobs').innerHTML = state.jobs
        .map(
          (j: any) =>
            `<div class="row" style="margin-top:4px"><button class="sk-btn" data-job="${esc(j.name)}">Run ${esc(j.name)}</button><span class="hint">${esc(j.schedule)}</span></div>`,
        )
        .join('');
    });
    once('lastJob', state.lastJob, () => {
      const j = state.lastJob;
      const el = $('job-result');
      el.hidden = !j;
      if (j) el.textContent = `${j.job} at ${fmt.format(new Date(j.at))}: ${j.ok ? j.summary : 'failed: ' + j.error}`;
    });
  }

  function draw() {
    drawPicker();
    drawSidebar();
    drawChannel();
    drawModal();
    drawGithub();
    drawEmails();
    drawClock();
  }

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

  // ---- dialogs -------------------------------------------------------------------------------

  function ask(opts: { title: string; html: string; ok: string; cancel?: string; textarea?: boolean }): Promise<string | null> {
    const el = $('dialog');
    el.innerHTML = `<form class="dialog" data-testid="dialog"><header>${esc(opts.title)}</header><div class="body">${opts.html}${
      opts.textarea ? '<textarea class="sk-input" rows="4" id="dialog-text" required></textarea>' : ''
    }</div><footer><button type="button" class="sk-btn" id="dialog-cancel">${esc(opts.cancel ?? 'Cancel')}</button><button type="submit" class="sk-btn primary">${esc(opts.ok)}</button></footer></form>`;
    el.hidden = false;
    const text = document.getElementById('dialog-text') as HTMLTextAreaElement | null;
    text?.focus();
    return new Promise((resolve) => {
      const done = (v: string | null) => {
        el.hidden = true;
        el.innerHTML = '';
        resolve(v);
      };
      (el.querySelector('form') as HTMLFormElement).onsubmit = (e) => {
        e.preventDefault();
        done(text ? text.value : 'ok');
      };
      ($('dialog-cancel') as HTMLButtonElement).onclick = () => done(null);
    });
  }

  // ---- actions -------------------------------------------------------------------------------

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
      action: { action_id: action.action_id, block_id: action.block_id, value: action.value, text: action.text },
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
      return void refresh();
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
    void refresh();
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
