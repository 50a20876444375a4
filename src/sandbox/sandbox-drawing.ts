// The sandbox page's drawing: the page's state as HTML, each part redrawn only when what it shows
// changed. Shipped to the browser as the source text of `sandboxDrawing` (like sandbox-client.ts),
// so it uses nothing from outside it but what `env` hands it.

export interface DrawingEnv {
  $: (id: string) => HTMLElement;
  esc: (v: unknown) => string;
  ui: { as: string; channel: string; tab: string; expanded: Set<string>; replyTo: string };
  drawn: Record<string, string>;
  state: () => any;
}

export function sandboxDrawing(env: DrawingEnv) {
  const { $, esc, ui, drawn, state } = env;
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
    return new Intl.DateTimeFormat('en-GB', { timeZone: state().timezone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
      new Date(iso),
    );
  }

  function drawPicker() {
    once('picker', state().people, () => {
      const sel = $('as') as HTMLSelectElement;
      sel.innerHTML = state()
        .people.map((p: any) => {
          const roles = p.roles.length ? p.roles.join(', ').replace(/_/g, ' ') : 'outsider, not in the roster';
          return `<option value="${esc(p.id)}">${esc(p.name)} — ${esc(roles)}</option>`;
        })
        .join('');
      sel.value = ui.as;
    });
  }

  function drawSidebar() {
    const data = { channels: state().channels, dms: state().dms, apps: state().apps, selected: state().channel?.id, as: ui.as };
    once('sidebar', data, () => {
      const link = (c: any, label: string) =>
        `<a data-goto="${esc(c.id)}" data-testid="channel-${esc(c.kind === 'dm' ? 'dm-' + c.dmUser : c.name)}" class="${c.id === data.selected ? 'active' : ''} ${c.archived ? 'archived' : ''} ${c.dmUser === ui.as ? 'mine' : ''}">${label}<span class="count">${c.messageCount || ''}</span></a>`;
      const channels = state()
        .channels.map((c: any) => link(c, `${c.private ? '🔒' : '#'} ${esc(c.name)}`))
        .join('');
      // Only the viewer's own DM with the bot comes from the server, as in Slack.
      const dms = state().dms.length
        ? state()
            .dms.map((c: any) => link(c, '● trialbot'))
            .join('')
        : '<div class="empty">No direct messages yet</div>';
      const apps = state()
        .apps.map((c: any) => `<a data-goto="${esc(c.id)}" data-testid="app-home" class="${c.id === data.selected ? 'active' : ''}">🏠 ${esc(c.name)}</a>`)
        .join('');
      $('sidebar').innerHTML = `<h3>Apps</h3>${apps}<h3>Channels</h3>${channels}<h3>Direct messages</h3>${dms}`;
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
    const c = state().channel;
    once('head', c, () => {
      if (!c) {
        $('channel-head').innerHTML = '<h2>No channel</h2>';
        return;
      }
      const title = c.kind === 'home' ? `🏠 ${esc(c.name)}` : c.kind === 'dm' ? `trialbot ↔ ${esc(c.name)}` : `${c.private ? '🔒' : '#'} ${esc(c.name)}`;
      const sub = [c.topic, c.purpose].filter(Boolean).map(esc).join(' · ') || `${c.members.length} members: ${c.members.map(esc).join(', ')}`;
      const marks = (c.bookmarks ?? []).map((b: any) => `<a href="${esc(b.link)}" target="_blank" rel="noopener noreferrer">🔖 ${esc(b.title)}</a>`).join(' ');
      $('channel-head').innerHTML =
        `<h2 data-testid="channel-title">${title}${c.archived ? ' (archived)' : ''}</h2><div class="sub">${sub}</div>${marks ? `<div class="sub" data-testid="bookmarks">${marks}</div>` : ''}`;
    });
    once('composer', { c: c?.id, name: c?.name, kind: c?.kind, r: ui.replyTo }, () => {
      const where = c ? (c.kind === 'dm' ? 'trialbot' : '#' + c.name) : '';
      ($('composer-input') as HTMLInputElement).placeholder = ui.replyTo ? `Reply in the thread in ${where}` : `Message ${where} — or type /trial help`;
      $('composer-thread').hidden = !ui.replyTo;
      // A Home tab has no composer in Slack either.
      $('composer').style.display = c?.kind === 'home' ? 'none' : '';
    });
    once('messages', { m: state().messages, e: [...ui.expanded], r: ui.replyTo, tz: state().timezone }, () => {
      const box = $('messages');
      const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
      box.innerHTML = state().messages.length
        ? state()
            .messages.map((m: any) => messageHtml(m, c.id))
            .join('')
        : '<div class="none">Nothing here yet.</div>';
      if (atBottom || !drawn.scrolled) {
        box.scrollTop = box.scrollHeight;
        drawn.scrolled = '1';
      }
    });
  }

  function drawModal() {
    once('modal', state().modal, () => {
      const m = state().modal;
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
    once('github', state().github, () => {
      const g = state().github;
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
    once('emails', state().emails, () => {
      const list = state().emails.length
        ? state()
            .emails.map(
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
      (document.querySelector('[data-tab="emails"]') as HTMLElement).textContent = `Emails (${state().emails.length})`;
    });
  }

  function drawClock() {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: state().timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    const now = `${fmt.format(new Date(state().now))} (${state().timezone})`;
    const moved = Math.abs(state().clockOffsetMs) > 60000;
    const days = Math.round(Math.abs(state().clockOffsetMs) / 3600000) / 24;
    const offset = moved
      ? `${days >= 1 ? Math.round(days * 10) / 10 + ' days' : 'less than a day'} ${state().clockOffsetMs > 0 ? 'ahead of' : 'behind'} real time`
      : 'real time';
    $('clock-now').textContent = now;
    $('clock-offset').textContent = offset;
    $('clock-badge').textContent = `🕘 ${now}${moved ? ' · ' + offset : ''}`;
    once('jobs', state().jobs, () => {
      $('jobs').innerHTML = state()
        .jobs.map(
          (j: any) =>
            `<div class="row" style="margin-top:4px"><button class="sk-btn" data-job="${esc(j.name)}">Run ${esc(j.name)}</button><span class="hint">${esc(j.schedule)}</span></div>`,
        )
        .join('');
    });
    once('lastJob', state().lastJob, () => {
      const j = state().lastJob;
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

  return { draw, ask };
}

export type Drawing = ReturnType<typeof sandboxDrawing>;
