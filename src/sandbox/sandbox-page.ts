// The sandbox page: one HTML document with its CSS and script inline (no framework, no CDN,
// nothing fetched but the page's own JSON API). The script is `sandboxClient` with the
// `sandboxDrawing` it calls, compiled by tsc with the rest and shipped as their source text.
import { sandboxClient } from './sandbox-client.js';
import { sandboxDrawing } from './sandbox-drawing.js';

const css = `
:root { --aubergine: #3f0e40; --aubergine-dark: #350d36; --active: #1164a3; --border: #e2e2e2; --muted: #616061; --link: #1264a3; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 15px/1.46668 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1c1d; }
button, input, select, textarea { font: inherit; }
.app { display: grid; grid-template-rows: 44px 1fr; grid-template-columns: 250px minmax(420px, 1fr) 440px; height: 100vh; }
.app > * { min-height: 0; }
.topbar { grid-column: 1 / 4; background: var(--aubergine-dark); color: #fff; display: flex; align-items: center; gap: 18px; padding: 0 14px; border-bottom: 1px solid #5d3a5e; }
.topbar .brand { font-weight: 800; letter-spacing: .2px; }
.topbar .brand small { font-weight: 400; opacity: .75; margin-left: 6px; }
.topbar label { opacity: .9; font-size: 13px; }
.topbar select { background: #fff; border-radius: 6px; border: 0; padding: 4px 8px; min-width: 280px; }
.topbar .clock { margin-left: auto; font-size: 13px; background: rgba(255,255,255,.12); padding: 4px 10px; border-radius: 12px; }
.sidebar { background: var(--aubergine); color: #cfc3cf; overflow-y: auto; padding: 10px 0; }
.sidebar h3 { font-size: 13px; font-weight: 600; margin: 14px 16px 4px; color: #cfc3cf; }
.sidebar a { display: flex; align-items: center; gap: 6px; padding: 3px 16px 3px 22px; color: #cfc3cf; text-decoration: none; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 15px; }
.sidebar a:hover { background: var(--aubergine-dark); }
.sidebar a.active { background: var(--active); color: #fff; }
.sidebar a.archived { opacity: .5; text-decoration: line-through; }
.sidebar a .count { margin-left: auto; font-size: 12px; opacity: .7; }
.sidebar a.mine { color: #fff; font-weight: 600; }
.sidebar .empty { padding: 3px 22px; font-size: 13px; opacity: .6; }
.main { display: flex; flex-direction: column; min-width: 0; border-right: 1px solid var(--border); }
.channel-head { border-bottom: 1px solid var(--border); padding: 10px 18px; }
.channel-head h2 { margin: 0; font-size: 18px; font-weight: 800; }
.channel-head .sub { color: var(--muted); font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.messages { flex: 1; overflow-y: auto; padding: 8px 0 16px; }
.messages .none { color: var(--muted); padding: 24px 18px; }
.msg { display: flex; gap: 10px; padding: 8px 18px; }
.msg:hover { background: #f8f8f8; }
.msg.ephemeral { background: #f4f9ff; border-left: 3px solid #1d9bd1; }
.avatar { width: 36px; height: 36px; flex: none; border-radius: 6px; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; font-size: 14px; }
.msg-body { min-width: 0; flex: 1; }
.msg-head { display: flex; align-items: baseline; gap: 8px; }
.msg-head b { font-weight: 900; }
.msg-head .app-badge { font-size: 10px; background: #e8e8e8; color: var(--muted); padding: 0 4px; border-radius: 3px; font-weight: 700; }
.msg-head time, .msg-head .edited { color: var(--muted); font-size: 12px; }
.only-you { color: var(--muted); font-size: 12px; margin: 2px 0; }
.msg-content { overflow-wrap: anywhere; }
.replies-toggle { background: none; border: 0; color: var(--link); font-weight: 700; font-size: 13px; padding: 2px 0; cursor: pointer; }
.replies { border-left: 2px solid var(--border); margin: 4px 0 0; padding-left: 6px; }
.replies .msg { padding: 6px 6px; }
.reply-btn { margin-left: auto; background: #fff; border: 1px solid var(--border); border-radius: 6px; color: var(--muted); font-size: 12px; padding: 0 8px; cursor: pointer; opacity: 0; }
.msg:hover .reply-btn, .msg.replying .reply-btn { opacity: 1; }
.msg.replying { background: #fff8e5; }
.composer-thread { color: var(--muted); font-size: 12px; margin: 0 18px 4px; }
.composer-thread[hidden] { display: none; }
.img-link { display: inline-block; margin: 4px 0; }
.b-header { font-size: 18px; font-weight: 900; margin: 4px 0; }
.b-section { display: flex; gap: 12px; margin: 4px 0; }
.b-main { flex: 1; min-width: 0; }
.b-fields { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; margin-top: 6px; }
.b-context { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; color: var(--muted); font-size: 12px; margin: 4px 0; }
.b-divider { border: 0; border-top: 1px solid var(--border); margin: 8px 0; }
.b-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.b-image img, .block-img { max-width: 360px; max-height: 240px; border-radius: 6px; border: 1px solid var(--border); display: block; margin: 4px 0; min-height: 24px; min-width: 60px; }
.ctx-img { width: 18px; height: 18px; border-radius: 3px; }
.unsupported { color: var(--muted); font-style: italic; font-size: 12px; }
.sk-btn { display: inline-block; border: 1px solid #c8c8c8; background: #fff; color: #1d1c1d; border-radius: 6px; padding: 3px 12px; font-weight: 700; font-size: 14px; cursor: pointer; text-decoration: none; }
.sk-btn:hover { background: #f6f6f6; }
.sk-btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.sk-btn.danger { background: #fff; border-color: #e01e5a; color: #e01e5a; }
.sk-btn:disabled { opacity: .45; cursor: default; }
.mention { background: #e8f5fa; color: var(--link); border-radius: 3px; padding: 0 2px; }
.channel-link { cursor: pointer; }
a { color: var(--link); }
code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; color: #e01e5a; font-size: 12px; }
pre, .code-block { background: #f8f8f8; border: 1px solid #ddd; border-radius: 4px; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; margin: 4px 0; }
.quote { display: block; border-left: 4px solid #ddd; padding-left: 8px; color: #454245; }
.composer { border: 1px solid #bbb; border-radius: 8px; margin: 0 18px 14px; display: flex; }
.composer input { flex: 1; border: 0; padding: 10px 12px; outline: none; border-radius: 8px; }
.composer button { border: 0; background: #007a5a; color: #fff; border-radius: 0 8px 8px 0; padding: 0 16px; font-weight: 700; cursor: pointer; }
.composer-hint { color: var(--muted); font-size: 12px; margin: -10px 18px 10px; }
.panel { display: flex; flex-direction: column; min-height: 0; background: #fafafa; }
.tabs { display: flex; border-bottom: 1px solid var(--border); background: #fff; }
.tabs button { flex: 1; border: 0; background: none; padding: 10px 4px; cursor: pointer; font-weight: 600; color: var(--muted); border-bottom: 3px solid transparent; }
.tabs button.active { color: #1d1c1d; border-bottom-color: var(--active); }
.tab { display: none; overflow-y: auto; padding: 12px 14px; flex: 1; }
.tab.active { display: block; }
.card { background: #fff; border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; margin-bottom: 10px; }
.card h4 { margin: 0 0 4px; font-size: 14px; }
.card .meta { color: var(--muted); font-size: 12px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-top: 8px; }
.field { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; font-size: 13px; font-weight: 600; }
.field input { font-weight: 400; padding: 6px 8px; border: 1px solid #bbb; border-radius: 6px; }
.chip { display: inline-block; font-size: 11px; border-radius: 10px; padding: 0 8px; background: #e4e4e4; margin-right: 4px; }
.chip.ready { background: #d3f5e3; color: #0a6b40; }
.state-open { color: #1a7f37; font-weight: 700; }
.state-closed { color: #8250df; font-weight: 700; }
.comment { border-top: 1px dashed var(--border); margin-top: 6px; padding-top: 6px; font-size: 13px; }
.hint { color: var(--muted); font-size: 12px; }
.overlay { position: fixed; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: center; justify-content: center; z-index: 10; }
.overlay[hidden] { display: none; }
.dialog { background: #fff; border-radius: 10px; width: 520px; max-width: 92vw; max-height: 86vh; display: flex; flex-direction: column; box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.dialog header { padding: 16px 20px; font-size: 20px; font-weight: 800; border-bottom: 1px solid var(--border); }
.dialog .body { padding: 14px 20px; overflow-y: auto; }
.dialog footer { padding: 12px 20px; border-top: 1px solid var(--border); display: flex; justify-content: flex-end; gap: 8px; }
.b-input { margin: 10px 0; }
.b-input label { display: block; font-weight: 700; margin-bottom: 4px; }
.b-input .optional { font-weight: 400; color: var(--muted); }
.sk-input { width: 100%; padding: 7px 9px; border: 1px solid #bbb; border-radius: 6px; background: #fff; }
.b-error { color: #e01e5a; font-size: 13px; }
.b-overflow { display: inline-flex; flex-wrap: wrap; gap: 4px; }
.sk-btn.small { font-size: 12px; padding: 2px 8px; }
.b-hint { color: var(--muted); font-size: 12px; }
.toasts { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column; gap: 6px; z-index: 20; }
.toast { background: #1d1c1d; color: #fff; padding: 8px 14px; border-radius: 8px; font-size: 13px; max-width: 560px; }
.toast.error { background: #a4123f; }
/* A 1024 px screen holds the whole page: narrower side columns, the long labels go first. */
@media (max-width: 1180px) {
  .app { grid-template-columns: 190px minmax(0, 1fr) 340px; }
  .topbar { gap: 10px; }
  .topbar .brand small, .topbar label { display: none; }
  .topbar select { min-width: 0; max-width: 240px; }
  .topbar .clock { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
}
`;

const body = `
<div class="app">
  <header class="topbar">
    <div class="brand">trialbot <small>local sandbox · not connected to Slack</small></div>
    <label for="as">You are:</label>
    <select id="as" data-testid="as"></select>
    <div class="clock" id="clock-badge" title="The sandbox clock"></div>
  </header>
  <nav class="sidebar" id="sidebar"></nav>
  <main class="main">
    <div class="channel-head" id="channel-head"></div>
    <div class="messages" id="messages"></div>
    <div class="composer-thread" id="composer-thread" hidden>Replying in a thread · <button type="button" class="replies-toggle" id="composer-thread-cancel">back to the channel</button></div>
    <form class="composer" id="composer">
      <input id="composer-input" autocomplete="off" placeholder="Type /trial help, or a message">
      <button type="submit">Send</button>
    </form>
    <div class="composer-hint">Slash commands go to trialbot signed as Slack would send them; only <code>/trial</code> exists here.</div>
  </main>
  <aside class="panel">
    <div class="tabs" id="tabs">
      <button data-tab="signup" class="active">Signup</button>
      <button data-tab="github">GitHub</button>
      <button data-tab="emails">Emails</button>
      <button data-tab="clock">Clock &amp; jobs</button>
    </div>
    <section class="tab active" id="tab-signup">
      <div class="card">
        <h4>Sign up as a prospect</h4>
        <p class="hint">The signup site's call: a signed <code>POST /webhooks/signup</code> to the bot. The email's domain picks the case: <b>soylent.com</b> has an instance (Case 1), <b>initech.com</b> and <b>hooli.com</b> are named accounts (2.1), <b>globex.com</b> and <b>umbrella-corp.com</b> are pre-qualified (2.2), anything else goes to an inbound SDR (3).</p>
        <form id="signup-form">
          <label class="field">Email <input name="email" id="signup-email" type="email" required placeholder="jane@example-startup.com"></label>
          <label class="field">Name <input name="name" id="signup-name" placeholder="Jane Doe"></label>
          <label class="field">Company <input name="company" id="signup-company" placeholder="Example Startup"></label>
          <button class="sk-btn primary" type="submit">Sign up</button>
        </form>
      </div>
      <div class="card" id="signup-answer-card" hidden>
        <h4>The bot answered</h4>
        <pre id="signup-answer" data-testid="signup-answer"></pre>
      </div>
    </section>
    <section class="tab" id="tab-github"></section>
    <section class="tab" id="tab-emails"></section>
    <section class="tab" id="tab-clock">
      <div class="card">
        <h4>Sandbox clock</h4>
        <div id="clock-now" data-testid="clock-now" style="font-size:18px;font-weight:700"></div>
        <div class="hint" id="clock-offset"></div>
        <div class="row">
          <button class="sk-btn" data-clock="1">+1 day</button>
          <button class="sk-btn" data-clock="15">+15 days</button>
          <button class="sk-btn" data-clock-reset>Back to real time</button>
        </div>
        <form class="row" id="clock-form">
          <input type="date" id="clock-date" class="sk-input" style="width:auto">
          <button class="sk-btn" type="submit">Set date (09:00)</button>
        </form>
        <p class="hint">The bot and the Slack and GitHub stand-ins read this clock; the daily jobs do not run by themselves when it jumps, so run them here.</p>
      </div>
      <div class="card">
        <h4>Jobs</h4>
        <div id="jobs"></div>
        <div class="row" style="margin-top:4px"><button class="sk-btn" data-check data-testid="run-check">Run the preflight check</button><span class="hint">what npm run admin -- check says</span></div>
        <pre id="job-result" data-testid="job-result" hidden></pre>
      </div>
    </section>
  </aside>
</div>
<div class="overlay" id="modal" hidden></div>
<div class="overlay" id="dialog" hidden></div>
<div class="toasts" id="toasts"></div>
`;

export const sandboxPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trialbot sandbox</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${sandboxDrawing.toString()}
(${sandboxClient.toString()})();</script>
</body>
</html>
`;
