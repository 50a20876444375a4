// A loopback stand-in for the Slack Web API, spoken to by the real @slack/web-api client.
// It answers like Slack (HTTP 200 + `{ok:false,error}` for errors, 429 + Retry-After when rate
// limited), keeps workspace state that tests and the sandbox page can read, and emits 'change'
// on every state change.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, Sleeper, type Fault, type FaultMatcher } from './fault-plan.js';

export interface FakeSlackUserInput {
  id: string;
  name: string;
  email?: string;
  isBot?: boolean;
  realName?: string;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  isBot: boolean;
  realName: string;
}

export interface FakeSlackOptions {
  /** Accepted bot token. Default 'xoxb-test'. */
  token?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  teamId?: string;
  users?: FakeSlackUserInput[];
  /** The fake's clock (message ts, trigger expiry, rate-limit buckets). Default: the real clock. */
  now?: () => Date;
  port?: number;
}

export interface TextAndTime {
  value: string;
  creator: string;
  last_set: number;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  is_archived: boolean;
  created: number;
  creator: string;
  members: string[];
  purpose: TextAndTime;
  topic: TextAndTime;
  /** For a DM: the other user. */
  user?: string;
}

export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  bot_id?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: unknown };
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  /** Number of chat.update calls applied. */
  edits: number;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: FakeFileRef[];
}

/** A file as a message lists it. */
export interface FakeFileRef {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  url_private: string;
}

/** A file uploaded with files.getUploadURLExternal, its upload URL and files.completeUploadExternal. */
export interface FakeFile {
  id: string;
  name: string;
  title: string;
  altText?: string;
  /** Length announced to files.getUploadURLExternal. */
  length: number;
  /** What was posted to the upload URL; undefined until then. */
  bytes?: Buffer;
  completed: boolean;
  /** Channels it was shared in. */
  channels: string[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}

export interface FakeView {
  id: string;
  trigger_id?: string;
  user?: string;
  view: Record<string, unknown>;
  root_view_id: string;
  previous_view_id: string | null;
  closed: boolean;
}

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The JSON answered, or a description of the injected fault. */
  response: unknown;
  at: Date;
  fault?: Fault;
}

export interface SlackRateLimit {
  perChannel?: boolean;
  ratePerSecond: number;
  burst: number;
}

export type SlackChange =
  | { kind: 'message'; channel: string; ts: string }
  | { kind: 'message_updated'; channel: string; ts: string }
  | { kind: 'message_deleted'; channel: string; ts: string }
  | { kind: 'ephemeral'; channel: string; user: string }
  | { kind: 'channel'; channel: string }
  | { kind: 'user'; user: string }
  | { kind: 'view'; view: string };

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

/** A workspace's whole state as plain JSON (the sandbox keeps it across restarts). */
export interface FakeSlackSnapshot {
  users: FakeSlackUser[];
  channels: FakeChannel[];
  messages: Record<string, FakeMessage[]>;
  ephemerals: FakeEphemeral[];
  dms: Record<string, string>;
  views: FakeView[];
  homes: Record<string, Record<string, unknown>>;
  lastTsMicros: number;
  idCounter: number;
  /** Uploaded files, their bytes in base64 (absent from snapshots taken before uploads existed). */
  files?: Array<Omit<FakeFile, 'bytes'> & { bytes?: string }>;
}

class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Result = {},
  ) {
    super(code);
  }
}

const TRIGGER_LIFETIME_MS = 3000;
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function int(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter((s) => s !== '');
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        /* fall through to comma list */
      }
    }
    return t
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return [];
}

/** Form fields carry nested values as JSON strings. */
function jsonField(v: unknown, errorCode: string): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new SlackError(errorCode);
  }
}

function textOf(obj: unknown): string | undefined {
  if (obj && typeof obj === 'object' && typeof (obj as { text?: unknown }).text === 'string') {
    return (obj as { text: string }).text;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The subset of Block Kit's limits that Slack enforces with `invalid_blocks`. */
export function blockProblem(blocks: unknown, maxBlocks: number): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > maxBlocks) return `no more than ${maxBlocks} items allowed`;
  const buttonProblem = (el: unknown): string | undefined => {
    if (isRecord(el) && el.type === 'button') {
      const t = textOf(el.text);
      if (t === undefined) return 'button must have text';
      if (t.length > 75) return 'button text must be less than 76 characters';
    }
    return undefined;
  };
  for (const [i, block] of blocks.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string' || block.type === '') {
      return `missing required field: type [json-pointer:/blocks/${i}]`;
    }
    if (block.type === 'section') {
      const t = textOf(block.text);
      if (t !== undefined && t.length > 3000) return `must be less than 3001 characters [json-pointer:/blocks/${i}/text]`;
      if (t === undefined && !Array.isArray(block.fields)) return `must provide text or fields [json-pointer:/blocks/${i}]`;
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) return `no more than 10 fields [json-pointer:/blocks/${i}/fields]`;
        if (block.fields.some((f) => (textOf(f) ?? '').length > 2000)) return `field over 2000 characters [json-pointer:/blocks/${i}/fields]`;
      }
      const p = buttonProblem(block.accessory);
      if (p) return `${p} [json-pointer:/blocks/${i}/accessory]`;
    } else if (block.type === 'header') {
      const t = textOf(block.text);
      if (t === undefined) return `missing required field: text [json-pointer:/blocks/${i}]`;
      if (t.length > 150) return `must be less than 151 characters [json-pointer:/blocks/${i}/text]`;
    } else if (block.type === 'actions') {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return `missing elements [json-pointer:/blocks/${i}]`;
      if (block.elements.length > 25) return `no more than 25 elements [json-pointer:/blocks/${i}/elements]`;
      for (const el of block.elements) {
        const p = buttonProblem(el);
        if (p) return `${p} [json-pointer:/blocks/${i}/elements]`;
      }
    } else if (block.type === 'context') {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return `missing elements [json-pointer:/blocks/${i}]`;
      if (block.elements.length > 10) return `no more than 10 elements [json-pointer:/blocks/${i}/elements]`;
    }
  }
  return undefined;
}

/** The file part of a multipart/form-data body (the first part with a filename), or undefined when the body is not one. */
function multipartFile(raw: Buffer, contentType: string): Buffer | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  for (let at = raw.indexOf(delimiter); at !== -1;) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = raw.subarray(at + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1 && /filename=/i.test(part.subarray(0, headerEnd).toString('utf8'))) return Buffer.from(part.subarray(headerEnd + 4));
    at = next;
  }
  return undefined;
}

function mimeOf(name: string): string {
  if (/\.png$/i.test(name)) return 'image/png';
  if (/\.csv$/i.test(name)) return 'text/csv';
  return 'application/octet-stream';
}

function tsToMicros(ts: string): number {
  const [sec, frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

function microsToTs(micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: unknown): number {
  const c = str(cursor);
  if (!c) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(c, 'base64').toString('utf8'));
  if (!m) throw new SlackError('invalid_cursor');
  return Number(m[1]);
}

function page<T>(items: T[], args: Args, defaultLimit: number): { items: T[]; next: string } {
  const offset = decodeCursor(args.cursor);
  const limit = Math.max(1, Math.min(1000, int(args.limit, defaultLimit) || defaultLimit));
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor(offset + limit) : '';
  return { items: slice, next };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class FakeSlack extends EventEmitter {
  /** The scopes the token was granted (the `x-oauth-scopes` header); null sends no header. Defaults to the manifest's. */
  scopes: string[] | null = [
    'chat:write',
    'chat:write.public',
    'channels:manage',
    'channels:read',
    'channels:history',
    'groups:read',
    'groups:history',
    'im:write',
    'im:history',
    'users:read',
    'users:read.email',
    'commands',
    'files:write',
    'bookmarks:write',
  ];

  readonly token: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly botName: string;
  url = '';

  readonly calls: SlackCall[] = [];
  readonly views: FakeView[] = [];
  /** App Home tabs published with views.publish, by user. */
  readonly homes = new Map<string, Record<string, unknown>>();

  private readonly now: () => Date;
  private readonly server: http.Server;
  private readonly faults = new FaultPlan();
  private readonly sleeper = new Sleeper();
  private readonly userMap = new Map<string, FakeSlackUser>();
  private readonly channelMap = new Map<string, FakeChannel>();
  private readonly messageMap = new Map<string, FakeMessage[]>();
  private readonly bookmarkMap = new Map<string, Array<{ id: string; channel_id: string; title: string; link: string; type: string }>>();
  /** A channel's bookmarks (the list itself). */
  bookmarksOf(channelId: string): Array<{ id: string; channel_id: string; title: string; link: string; type: string }> {
    let list = this.bookmarkMap.get(channelId);
    if (!list) this.bookmarkMap.set(channelId, (list = []));
    return list;
  }
  /** A channel's messages, the list itself (posting and deleting change it in place). */
  private messagesOf(channelId: string): FakeMessage[] {
    let messages = this.messageMap.get(channelId);
    if (!messages) this.messageMap.set(channelId, (messages = []));
    return messages;
  }
  private readonly ephemeralList: FakeEphemeral[] = [];
  private readonly dms = new Map<string, string>();
  private readonly triggers = new Map<string, { issuedAt: number; user?: string; used: boolean; expired: boolean }>();
  private readonly rateLimits = new Map<string, SlackRateLimit>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastTsMicros = 0;
  private readonly fileMap = new Map<string, FakeFile>();
  private idCounter = 0;
  private counters = { calls: 0, rateLimited: 0 };

  private constructor(opts: FakeSlackOptions) {
    super();
    this.token = opts.token ?? 'xoxb-test';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.teamId = opts.teamId ?? 'T0FAKE';
    this.botName = opts.botName ?? 'trialbot';
    this.now = opts.now ?? (() => new Date());
    this.userMap.set(this.botUserId, { id: this.botUserId, name: this.botName, isBot: true, realName: this.botName });
    for (const u of opts.users ?? []) this.addUser(u);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        }
      });
    });
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** The value for WebClient's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async close(): Promise<void> {
    this.sleeper.wakeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- test and sandbox controls ----------------------------------------------------------

  addUser(input: FakeSlackUserInput): FakeSlackUser {
    const user: FakeSlackUser = {
      id: input.id,
      name: input.name,
      email: input.email,
      isBot: input.isBot ?? false,
      realName: input.realName ?? input.name,
    };
    this.userMap.set(user.id, user);
    this.changed({ kind: 'user', user: user.id });
    return user;
  }

  users(): FakeSlackUser[] {
    return [...this.userMap.values()];
  }

  user(id: string): FakeSlackUser | undefined {
    return this.userMap.get(id);
  }

  /** Creates a channel as someone else would (e.g. one the bot has not joined: `botIsMember: false`). */
  createChannel(opts: { name: string; isPrivate?: boolean; botIsMember?: boolean; members?: string[]; creator?: string }): FakeChannel {
    const creator = opts.creator ?? this.botUserId;
    const members = new Set(opts.members ?? []);
    if (opts.botIsMember ?? true) members.add(this.botUserId);
    else members.delete(this.botUserId);
    return this.makeChannel(opts.name, opts.isPrivate ?? false, creator, [...members]);
  }

  channels(): FakeChannel[] {
    return [...this.channelMap.values()];
  }

  channel(id: string): FakeChannel | undefined {
    return this.channelMap.get(id);
  }

  channelByName(name: string): FakeChannel | undefined {
    const bare = name.replace(/^#/, '');
    return this.channels().find((c) => !c.is_im && !c.is_mpim && c.name === bare);
  }

  dmWith(userId: string): string | undefined {
    return this.dms.get(userId);
  }

  /** Non-ephemeral messages of a channel (thread replies included) in posting order, edits applied. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...(this.messageMap.get(channelId) ?? [])];
  }

  ephemeralsFor(userId: string): FakeEphemeral[] {
    return this.ephemeralList.filter((e) => e.user === userId);
  }

  ephemerals(): FakeEphemeral[] {
    return [...this.ephemeralList];
  }

  /** An uploaded file, its bytes included once they were posted to its upload URL. */
  file(id: string): FakeFile | undefined {
    return this.fileMap.get(id);
  }

  /** Files shared in a channel, in the order they were shared. */
  filesIn(channelId: string): FakeFile[] {
    return this.messagesIn(channelId).flatMap((m) => (m.files ?? []).flatMap((f) => this.fileMap.get(f.id) ?? []));
  }

  /** A person posting in a channel (sandbox and tests); the bot is not involved. */
  postAs(userId: string, channelId: string, text: string, opts: { thread_ts?: string; blocks?: unknown[] } = {}): FakeMessage {
    const channel = this.channelMap.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    if (!channel.members.includes(userId)) channel.members.push(userId);
    return this.storeMessage(channel, { user: userId, text, blocks: opts.blocks, thread_ts: opts.thread_ts });
  }

  /** A person joining a channel. */
  joinAs(userId: string, channelId: string): void {
    const channel = this.channelMap.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    if (!channel.members.includes(userId)) {
      channel.members.push(userId);
      this.changed({ kind: 'channel', channel: channel.id });
    }
  }

  /** A trigger_id as Slack hands one out with an interaction; valid for 3 s of the fake's clock. */
  newTriggerId(userId?: string): string {
    const id = `${++this.idCounter}.${Math.floor(this.now().getTime() / 1000)}.${Math.random().toString(16).slice(2, 14)}`;
    this.triggers.set(id, { issuedAt: this.now().getTime(), user: userId, used: false, expired: false });
    return id;
  }

  expireTriggers(): void {
    for (const t of this.triggers.values()) t.expired = true;
  }

  view(id: string): FakeView | undefined {
    return this.views.find((v) => v.id === id);
  }

  /** The user dismissed the modal (or it was submitted and closed). */
  closeView(id: string): void {
    for (const v of this.views) {
      if (v.id === id || v.root_view_id === id) v.closed = true;
    }
    this.changed({ kind: 'view', view: id });
  }

  snapshot(): FakeSlackSnapshot {
    return structuredClone({
      users: this.users(),
      channels: this.channels(),
      messages: Object.fromEntries(this.messageMap),
      ephemerals: this.ephemeralList,
      dms: Object.fromEntries(this.dms),
      views: this.views,
      homes: Object.fromEntries(this.homes),
      lastTsMicros: this.lastTsMicros,
      idCounter: this.idCounter,
      files: [...this.fileMap.values()].map((f) => ({ ...f, bytes: f.bytes?.toString('base64') })),
    });
  }

  /** Replaces the workspace with one taken by `snapshot()` (calls and faults are not part of it). */
  restore(snapshot: FakeSlackSnapshot): void {
    const s = structuredClone(snapshot);
    this.userMap.clear();
    for (const u of s.users) this.userMap.set(u.id, u);
    this.channelMap.clear();
    for (const c of s.channels) this.channelMap.set(c.id, c);
    this.messageMap.clear();
    for (const c of s.channels) this.messageMap.set(c.id, s.messages[c.id] ?? []);
    this.ephemeralList.splice(0, this.ephemeralList.length, ...s.ephemerals);
    this.dms.clear();
    for (const [user, channel] of Object.entries(s.dms)) this.dms.set(user, channel);
    this.views.splice(0, this.views.length, ...s.views);
    this.homes.clear();
    for (const [user, view] of Object.entries(s.homes)) this.homes.set(user, view);
    this.lastTsMicros = s.lastTsMicros;
    this.idCounter = s.idCounter;
    this.fileMap.clear();
    for (const f of s.files ?? []) this.fileMap.set(f.id, { ...f, bytes: f.bytes === undefined ? undefined : Buffer.from(f.bytes, 'base64') });
    this.changed({ kind: 'user', user: this.botUserId });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  resetCalls(): void {
    this.calls.length = 0;
    this.counters = { calls: 0, rateLimited: 0 };
  }

  fail(method: FaultMatcher, fault: Fault, times = 1): void {
    this.faults.add(method, fault, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRateLimit(method: string, limit: SlackRateLimit | null): void {
    if (limit) this.rateLimits.set(method, limit);
    else this.rateLimits.delete(method);
    for (const key of this.buckets.keys()) if (key === method || key.startsWith(`${method}:`)) this.buckets.delete(key);
  }

  stats(): { calls: number; rateLimited: number } {
    return { ...this.counters };
  }

  // ---- HTTP ------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const reqUrl = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    if (this.handleFileUrl(req, res, reqUrl, raw)) return;
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(reqUrl.pathname);
    if (!m) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const method = m[1];
    const args = this.parseArgs(req.headers['content-type'] ?? '', raw, reqUrl.searchParams);
    const auth = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const token = auth?.[1] ?? str(args.token);
    delete args.token;
    this.counters.calls++;
    const at = this.now();

    const fault = this.faults.take(method);
    if (fault && 'hang' in fault) await this.sleeper.sleep(fault.hang);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (fault.status === 429) {
        this.counters.rateLimited++;
        headers['retry-after'] = String(Math.max(0, Math.ceil(fault.retryAfter ?? 1)));
      }
      const body = fault.status === 429 ? { ok: false, error: 'ratelimited' } : { ok: false, error: 'fatal_error' };
      this.calls.push({ method, args, response: { status: fault.status, ...body }, at, fault });
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify(body));
      return;
    }
    if (fault && 'error' in fault) {
      const body = { ok: false, error: fault.error };
      this.calls.push({ method, args, response: body, at, fault });
      this.sendJson(res, 200, body);
      return;
    }
    if (fault && 'badJson' in fault) {
      const text = '<html><body>upstream connect error</body></html>';
      this.calls.push({ method, args, response: text, at, fault });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(text);
      return;
    }

    let response: Result;
    if (!token) response = { ok: false, error: 'not_authed' };
    else if (token !== this.token) response = { ok: false, error: 'invalid_auth' };
    else {
      const retryAfter = this.takeRateToken(method, args);
      if (retryAfter !== undefined) {
        this.counters.rateLimited++;
        const body = { ok: false, error: 'ratelimited' };
        this.calls.push({ method, args, response: { status: 429, ...body }, at });
        res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) });
        res.end(JSON.stringify(body));
        return;
      }
      response = this.dispatch(method, args);
    }
    this.calls.push({ method, args, response, at, fault });
    if (fault && 'dropAfterProcessing' in fault) {
      req.socket.destroy();
      return;
    }
    this.sendJson(res, 200, response);
  }

  /**
   * The upload URL files.getUploadURLExternal hands out (`POST /upload/v1/<file id>`, the bytes raw
   * or as a multipart form, as @slack/web-api sends them) and a file's `url_private` (`GET /files/<id>/<name>`).
   */
  private handleFileUrl(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: Buffer): boolean {
    const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(url.pathname);
    const download = /^\/files\/([A-Z0-9]+)\/[^/]+$/.exec(url.pathname);
    if (!upload && !download) return false;
    const file = this.fileMap.get((upload ?? download)?.[1] ?? '');
    if (upload && req.method === 'POST' && file && !file.completed) {
      file.bytes = multipartFile(raw, req.headers['content-type'] ?? '') ?? raw;
      this.calls.push({ method: 'upload', args: { file: file.id, bytes: file.bytes.length }, response: 'OK', at: this.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${file.bytes.length}`);
    } else if (download && req.method === 'GET' && file?.bytes) {
      res.writeHead(200, { 'content-type': mimeOf(file.name), 'content-length': String(file.bytes.length) });
      res.end(file.bytes);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
    return true;
  }

  private fileRef(f: FakeFile): FakeFileRef {
    return {
      id: f.id,
      name: f.name,
      title: f.title,
      mimetype: mimeOf(f.name),
      size: f.bytes?.length ?? 0,
      url_private: `${this.url}/files/${f.id}/${encodeURIComponent(f.name)}`,
    };
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    // Slack names the token's scopes on every Web API answer; @slack/web-api reads them into response_metadata.scopes.
    const scopes = this.scopes === null ? {} : { 'x-oauth-scopes': this.scopes.join(',') };
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...scopes });
    res.end(JSON.stringify(body));
  }

  private parseArgs(contentType: string, raw: Buffer, query: URLSearchParams): Args {
    const args: Args = Object.fromEntries(query.entries());
    const text = raw.toString('utf8');
    if (text === '') return args;
    if (contentType.includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isRecord(parsed)) Object.assign(args, parsed);
      } catch {
        /* Slack answers invalid JSON as if no arguments were given */
      }
    } else {
      for (const [k, v] of new URLSearchParams(text)) args[k] = v;
    }
    return args;
  }

  /** Seconds to wait when the bucket is empty, else undefined (and a token is spent). */
  private takeRateToken(method: string, args: Args): number | undefined {
    const limit = this.rateLimits.get(method);
    if (!limit) return undefined;
    const key = limit.perChannel ? `${method}:${str(args.channel) ?? ''}` : method;
    const nowMs = this.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: nowMs };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * limit.ratePerSecond);
    bucket.at = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.ratePerSecond));
  }

  private dispatch(method: string, args: Args): Result {
    const handler = this.handlers[method];
    if (!handler) return { ok: false, error: 'unknown_method' };
    try {
      return { ok: true, ...handler(args) };
    } catch (err) {
      if (err instanceof SlackError) return { ok: false, error: err.code, ...err.extra };
      throw err;
    }
  }

  // ---- state helpers ---------------------------------------------------------------------

  private changed(change: SlackChange): void {
    this.emit('change', change);
  }

  private nextId(prefix: string): string {
    return `${prefix}${(++this.idCounter).toString(36).toUpperCase().padStart(8, '0')}`;
  }

  private nextTs(): string {
    this.lastTsMicros = Math.max(this.lastTsMicros + 1, this.now().getTime() * 1000);
    return microsToTs(this.lastTsMicros);
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  private makeChannel(name: string, isPrivate: boolean, creator: string, members: string[]): FakeChannel {
    const created = this.nowSeconds();
    const channel: FakeChannel = {
      id: this.nextId(isPrivate ? 'G' : 'C'),
      name,
      is_channel: !isPrivate,
      is_group: isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: isPrivate,
      is_archived: false,
      created,
      creator,
      members,
      purpose: { value: '', creator: '', last_set: 0 },
      topic: { value: '', creator: '', last_set: 0 },
    };
    this.channelMap.set(channel.id, channel);
    this.messageMap.set(channel.id, []);
    this.changed({ kind: 'channel', channel: channel.id });
    return channel;
  }

  private openDm(userId: string): FakeChannel {
    const existing = this.dms.get(userId);
    const known = existing ? this.channelMap.get(existing) : undefined;
    if (known) return known;
    const channel: FakeChannel = {
      id: this.nextId('D'),
      name: userId,
      is_channel: false,
      is_group: false,
      is_im: true,
      is_mpim: false,
      is_private: true,
      is_archived: false,
      created: this.nowSeconds(),
      creator: this.botUserId,
      members: [this.botUserId, userId],
      purpose: { value: '', creator: '', last_set: 0 },
      topic: { value: '', creator: '', last_set: 0 },
      user: userId,
    };
    this.channelMap.set(channel.id, channel);
    this.messageMap.set(channel.id, []);
    this.dms.set(userId, channel.id);
    this.changed({ kind: 'channel', channel: channel.id });
    return channel;
  }

  private storeMessage(
    channel: FakeChannel,
    m: { user: string; bot_id?: string; text: string; blocks?: unknown[]; metadata?: FakeMessage['metadata']; thread_ts?: string; files?: FakeFileRef[] },
  ): FakeMessage {
    const ts = this.nextTs();
    const message: FakeMessage = { type: 'message', channel: channel.id, ts, user: m.user, text: m.text, edits: 0 };
    if (m.bot_id) message.bot_id = m.bot_id;
    if (m.blocks) message.blocks = m.blocks;
    if (m.metadata) message.metadata = m.metadata;
    if (m.files) message.files = m.files;
    const messages = this.messagesOf(channel.id);
    if (m.thread_ts) {
      message.thread_ts = m.thread_ts;
      const parent = messages.find((p) => p.ts === m.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.latest_reply = ts;
      }
    }
    messages.push(message);
    this.changed({ kind: 'message', channel: channel.id, ts });
    return message;
  }

  private requireChannel(id: unknown): FakeChannel {
    const key = str(id);
    const channel = key ? (this.channelMap.get(key) ?? this.channelByName(key)) : undefined;
    if (!channel) throw new SlackError('channel_not_found');
    return channel;
  }

  /** chat.* accept a user id and post to that user's DM. */
  private resolvePostTarget(id: unknown): FakeChannel {
    const key = str(id);
    if (key && /^[UW]/.test(key) && this.userMap.has(key) && !this.channelMap.has(key)) return this.openDm(key);
    return this.requireChannel(id);
  }

  private requireUser(id: unknown): FakeSlackUser {
    const user = this.userMap.get(str(id) ?? '');
    if (!user) throw new SlackError('user_not_found');
    return user;
  }

  private requireMember(channel: FakeChannel): void {
    if (!channel.members.includes(this.botUserId)) throw new SlackError('not_in_channel');
  }

  private channelJson(c: FakeChannel, withMembersCount = false): Result {
    if (c.is_im) {
      return { id: c.id, created: c.created, is_im: true, is_org_shared: false, user: c.user, is_user_deleted: false, priority: 0 };
    }
    const json: Result = {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      is_channel: c.is_channel,
      is_group: c.is_group,
      is_im: false,
      is_mpim: c.is_mpim,
      is_private: c.is_private,
      is_archived: c.is_archived,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: c.members.includes(this.botUserId),
      created: c.created,
      creator: c.creator,
      unlinked: 0,
      purpose: { ...c.purpose },
      topic: { ...c.topic },
      previous_names: [],
      context_team_id: this.teamId,
    };
    if (withMembersCount) json.num_members = c.members.length;
    return json;
  }

  private userJson(u: FakeSlackUser): Result {
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      real_name: u.realName,
      deleted: false,
      is_bot: u.isBot,
      is_app_user: false,
      is_admin: false,
      tz: 'UTC',
      profile: {
        email: u.email,
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        team: this.teamId,
        ...(u.isBot && u.id === this.botUserId ? { bot_id: this.botId } : {}),
      },
    };
  }

  private messageJson(m: FakeMessage, withMetadata: boolean): Result {
    const json: Result = { type: 'message', ts: m.ts, user: m.user, text: m.text, team: this.teamId };
    if (m.bot_id) {
      json.bot_id = m.bot_id;
      json.app_id = 'AFAKEAPP';
    }
    if (m.blocks) json.blocks = m.blocks;
    if (m.thread_ts) json.thread_ts = m.thread_ts;
    if (m.reply_count !== undefined) {
      json.reply_count = m.reply_count;
      json.latest_reply = m.latest_reply;
    }
    if (m.edited) json.edited = { ...m.edited };
    if (withMetadata && m.metadata) json.metadata = m.metadata;
    if (m.files) json.files = m.files.map((f) => ({ ...f }));
    return json;
  }

  private messageContent(args: Args, requireSomething: boolean): { text?: string; blocks?: unknown[]; metadata?: FakeMessage['metadata'] } {
    const text = str(args.text);
    const blocks = jsonField(args.blocks, 'invalid_blocks_format');
    if (blocks !== undefined) {
      const problem = blockProblem(blocks, MAX_MESSAGE_BLOCKS);
      if (problem) throw new SlackError('invalid_blocks', { errors: [problem], response_metadata: { messages: [`[ERROR] ${problem}`] } });
    }
    const attachments = jsonField(args.attachments, 'invalid_attachments');
    if (requireSomething && !text && (!Array.isArray(blocks) || blocks.length === 0) && !attachments) throw new SlackError('no_text');
    if (text && text.length > 40000) throw new SlackError('msg_too_long');
    const metadata = jsonField(args.metadata, 'invalid_metadata_format');
    if (metadata !== undefined && (!isRecord(metadata) || typeof metadata.event_type !== 'string')) {
      throw new SlackError('invalid_metadata_format');
    }
    return {
      text,
      blocks: blocks as unknown[] | undefined,
      metadata: metadata as FakeMessage['metadata'] | undefined,
    };
  }

  private findMessage(channel: FakeChannel, ts: unknown): FakeMessage {
    const message = (this.messageMap.get(channel.id) ?? []).find((m) => m.ts === str(ts));
    if (!message) throw new SlackError('message_not_found');
    return message;
  }

  private validView(raw: unknown): Record<string, unknown> {
    const view = jsonField(raw, 'invalid_arguments');
    if (!isRecord(view) || typeof view.type !== 'string') {
      throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
    }
    const problem = blockProblem(view.blocks ?? [], MAX_VIEW_BLOCKS);
    if (problem) throw new SlackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${problem}`] } });
    return view;
  }

  private useTrigger(triggerId: unknown): { user?: string } {
    const trigger = this.triggers.get(str(triggerId) ?? '');
    if (!trigger) throw new SlackError('invalid_trigger_id');
    if (trigger.expired || this.now().getTime() - trigger.issuedAt >= TRIGGER_LIFETIME_MS) throw new SlackError('expired_trigger_id');
    if (trigger.used) throw new SlackError('exchanged_trigger_id');
    trigger.used = true;
    return { user: trigger.user };
  }

  private viewJson(v: FakeView): Result {
    return {
      id: v.id,
      team_id: this.teamId,
      type: v.view.type,
      title: v.view.title,
      submit: v.view.submit ?? null,
      close: v.view.close ?? null,
      blocks: v.view.blocks ?? [],
      private_metadata: v.view.private_metadata ?? '',
      callback_id: v.view.callback_id ?? '',
      external_id: v.view.external_id ?? '',
      state: { values: {} },
      hash: v.view.hash,
      clear_on_close: bool(v.view.clear_on_close),
      notify_on_close: bool(v.view.notify_on_close),
      root_view_id: v.root_view_id,
      previous_view_id: v.previous_view_id,
      app_id: 'AFAKEAPP',
      bot_id: this.botId,
    };
  }

  private storeView(view: Record<string, unknown>, triggerId: string | undefined, user: string | undefined, parent?: FakeView): FakeView {
    const id = this.nextId('V');
    const stored: FakeView = {
      id,
      trigger_id: triggerId,
      user,
      view: { ...view, hash: `${this.nowSeconds()}.${Math.random().toString(36).slice(2, 10)}` },
      root_view_id: parent ? parent.root_view_id : id,
      previous_view_id: parent ? parent.id : null,
      closed: false,
    };
    this.views.push(stored);
    this.changed({ kind: 'view', view: id });
    return stored;
  }

  // ---- methods ---------------------------------------------------------------------------

  private readonly handlers: Record<string, (args: Args) => Result> = {
    'api.test': (args) => ({ args }),

    'auth.test': () => ({
      url: 'https://fake-workspace.slack.com/',
      team: 'Fake Workspace',
      user: this.botName,
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = this.resolvePostTarget(args.channel);
      if (channel.is_archived) throw new SlackError('is_archived');
      this.requireMember(channel);
      const content = this.messageContent(args, true);
      const message = this.storeMessage(channel, {
        user: this.botUserId,
        bot_id: this.botId,
        text: content.text ?? '',
        blocks: content.blocks,
        metadata: content.metadata,
        thread_ts: str(args.thread_ts),
      });
      return { channel: channel.id, ts: message.ts, message: this.messageJson(message, true) };
    },

    'chat.update': (args) => {
      const channel = this.resolvePostTarget(args.channel);
      const message = this.findMessage(channel, args.ts);
      if (message.user !== this.botUserId) throw new SlackError('cant_update_message');
      if (channel.is_archived) throw new SlackError('is_archived');
      const content = this.messageContent(args, false);
      if (content.text !== undefined) message.text = content.text;
      if (content.blocks !== undefined) message.blocks = content.blocks;
      if (content.metadata !== undefined) message.metadata = content.metadata;
      message.edited = { user: this.botUserId, ts: this.nextTs() };
      message.edits += 1;
      this.changed({ kind: 'message_updated', channel: channel.id, ts: message.ts });
      return { channel: channel.id, ts: message.ts, text: message.text, message: this.messageJson(message, true) };
    },

    'chat.delete': (args) => {
      const channel = this.resolvePostTarget(args.channel);
      const message = this.findMessage(channel, args.ts);
      if (message.user !== this.botUserId) throw new SlackError('cant_delete_message');
      const messages = this.messagesOf(channel.id);
      messages.splice(messages.indexOf(message), 1);
      this.changed({ kind: 'message_deleted', channel: channel.id, ts: message.ts });
      return { channel: channel.id, ts: message.ts };
    },

    'chat.postEphemeral': (args) => {
      const channel = this.resolvePostTarget(args.channel);
      const user = this.requireUser(args.user);
      if (channel.is_archived) throw new SlackError('is_archived');
      const content = this.messageContent(args, true);
      const messageTs = this.nextTs();
      this.ephemeralList.push({
        channel: channel.id,
        user: user.id,
        text: content.text ?? '',
        blocks: content.blocks,
        thread_ts: str(args.thread_ts),
        message_ts: messageTs,
      });
      this.changed({ kind: 'ephemeral', channel: channel.id, user: user.id });
      return { message_ts: messageTs };
    },

    'chat.getPermalink': (args) => {
      const channel = this.requireChannel(args.channel);
      const message = this.findMessage(channel, args.message_ts);
      const base = `${this.url}/archives/${channel.id}/p${message.ts.replace('.', '')}`;
      const permalink = message.thread_ts && message.thread_ts !== message.ts ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base;
      return { channel: channel.id, permalink };
    },

    'conversations.create': (args) => {
      const name = str(args.name) ?? '';
      if (name === '') throw new SlackError('invalid_name_required');
      if (name.length > 80) throw new SlackError('invalid_name_maxlength');
      if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackError('invalid_name_specials');
      if (this.channels().some((c) => !c.is_im && c.name === name)) throw new SlackError('name_taken');
      const channel = this.makeChannel(name, bool(args.is_private), this.botUserId, [this.botUserId]);
      return { channel: this.channelJson(channel) };
    },

    'conversations.invite': (args) => {
      const channel = this.requireChannel(args.channel);
      if (channel.is_im) throw new SlackError('method_not_supported_for_channel_type');
      if (channel.is_archived) throw new SlackError('is_archived');
      this.requireMember(channel);
      const users = list(args.users);
      if (users.length === 0) throw new SlackError('no_user');
      if (users.includes(this.botUserId)) throw new SlackError('cant_invite_self');
      const unknown = users.filter((u) => !this.userMap.has(u));
      if (unknown.length > 0) {
        throw new SlackError('users_not_found', { errors: unknown.map((user) => ({ user, ok: false, error: 'users_not_found' })) });
      }
      const fresh = users.filter((u) => !channel.members.includes(u));
      if (fresh.length === 0) {
        throw new SlackError('already_in_channel', { errors: users.map((user) => ({ user, ok: false, error: 'already_in_channel' })) });
      }
      channel.members.push(...fresh);
      this.changed({ kind: 'channel', channel: channel.id });
      return { channel: this.channelJson(channel) };
    },

    'conversations.kick': (args) => {
      const channel = this.requireChannel(args.channel);
      const user = this.requireUser(args.user);
      if (user.id === this.botUserId) throw new SlackError('cant_kick_self');
      if (!channel.members.includes(user.id)) throw new SlackError('not_in_channel');
      channel.members = channel.members.filter((m) => m !== user.id);
      this.changed({ kind: 'channel', channel: channel.id });
      return {};
    },

    'conversations.info': (args) => {
      const channel = this.requireChannel(args.channel);
      // A private channel the bot is not in does not exist, as far as Slack tells the bot.
      if (channel.is_private && !channel.is_im && !channel.members.includes(this.botUserId)) throw new SlackError('channel_not_found');
      return { channel: this.channelJson(channel, bool(args.include_num_members)) };
    },

    'conversations.list': (args) => {
      const types = new Set(list(args.types ?? 'public_channel'));
      const excludeArchived = bool(args.exclude_archived);
      const all = this.channels().filter((c) => {
        if (excludeArchived && c.is_archived) return false;
        if (c.is_im) return types.has('im');
        if (c.is_mpim) return types.has('mpim');
        if (c.is_private) return types.has('private_channel') && c.members.includes(this.botUserId);
        return types.has('public_channel');
      });
      const { items, next } = page(all, args, 100);
      return { channels: items.map((c) => this.channelJson(c, true)), response_metadata: { next_cursor: next } };
    },

    'conversations.history': (args) => {
      const channel = this.requireChannel(args.channel);
      if (!channel.members.includes(this.botUserId) && channel.is_private) throw new SlackError('channel_not_found');
      if (!channel.members.includes(this.botUserId)) throw new SlackError('not_in_channel');
      const inclusive = bool(args.inclusive);
      const oldest = str(args.oldest);
      const latest = str(args.latest);
      const lo = oldest ? tsToMicros(oldest) : -Infinity;
      const hi = latest ? tsToMicros(latest) : Infinity;
      const top = (this.messageMap.get(channel.id) ?? [])
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .filter((m) => {
          const t = tsToMicros(m.ts);
          return inclusive ? t >= lo && t <= hi : t > lo && t < hi;
        })
        .reverse();
      const { items, next } = page(top, args, 100);
      const withMetadata = bool(args.include_all_metadata);
      return {
        messages: items.map((m) => this.messageJson(m, withMetadata)),
        has_more: next !== '',
        pin_count: 0,
        response_metadata: { next_cursor: next },
      };
    },

    'conversations.replies': (args) => {
      const channel = this.requireChannel(args.channel);
      const ts = str(args.ts);
      const messages = this.messageMap.get(channel.id) ?? [];
      const parent = messages.find((m) => m.ts === ts);
      if (!parent) throw new SlackError('thread_not_found');
      const rootTs = parent.thread_ts ?? parent.ts;
      const thread = messages.filter((m) => m.ts === rootTs || m.thread_ts === rootTs);
      const { items, next } = page(thread, args, 1000);
      const withMetadata = bool(args.include_all_metadata);
      return { messages: items.map((m) => this.messageJson(m, withMetadata)), has_more: next !== '', response_metadata: { next_cursor: next } };
    },

    'conversations.open': (args) => {
      const existing = str(args.channel);
      if (existing) {
        const channel = this.requireChannel(existing);
        return { channel: args.return_im ? this.channelJson(channel) : { id: channel.id } };
      }
      const users = list(args.users).filter((u) => u !== this.botUserId);
      if (users.length === 0) throw new SlackError('users_list_not_supplied');
      for (const u of users) this.requireUser(u);
      if (users.length > 1) throw new SlackError('not_implemented', { detail: 'the fake supports 1:1 DMs only' });
      const alreadyOpen = this.dms.has(users[0]);
      const channel = this.openDm(users[0]);
      return {
        ...(alreadyOpen ? { no_op: true, already_open: true } : {}),
        channel: bool(args.return_im) ? this.channelJson(channel) : { id: channel.id },
      };
    },

    'conversations.archive': (args) => {
      const channel = this.requireChannel(args.channel);
      if (channel.is_im || channel.is_mpim) throw new SlackError('method_not_supported_for_channel_type');
      if (channel.is_archived) throw new SlackError('already_archived');
      this.requireMember(channel);
      channel.is_archived = true;
      this.changed({ kind: 'channel', channel: channel.id });
      return {};
    },

    'conversations.unarchive': (args) => {
      const channel = this.requireChannel(args.channel);
      if (!channel.is_archived) throw new SlackError('not_archived');
      channel.is_archived = false;
      this.changed({ kind: 'channel', channel: channel.id });
      return {};
    },

    'bookmarks.list': (args) => {
      const channel = this.requireChannel(args.channel_id);
      return { bookmarks: this.bookmarksOf(channel.id) };
    },

    'bookmarks.add': (args) => {
      const channel = this.requireChannel(args.channel_id);
      if (channel.is_archived) throw new SlackError('is_archived');
      const title = str(args.title);
      const link = str(args.link);
      if (!title || !link || str(args.type) !== 'link') throw new SlackError('invalid_arguments');
      const bookmark = { id: this.nextId('Bk'), channel_id: channel.id, title, link, type: 'link' };
      this.bookmarksOf(channel.id).push(bookmark);
      this.changed({ kind: 'channel', channel: channel.id });
      return { bookmark };
    },

    'bookmarks.edit': (args) => {
      const channel = this.requireChannel(args.channel_id);
      const bookmark = this.bookmarksOf(channel.id).find((b) => b.id === str(args.bookmark_id));
      if (!bookmark) throw new SlackError('not_found');
      if (str(args.title)) bookmark.title = str(args.title) ?? bookmark.title;
      if (str(args.link)) bookmark.link = str(args.link) ?? bookmark.link;
      this.changed({ kind: 'channel', channel: channel.id });
      return { bookmark };
    },

    'conversations.setPurpose': (args) => this.setTextField(args, 'purpose'),
    'conversations.setTopic': (args) => this.setTextField(args, 'topic'),

    'conversations.members': (args) => {
      const channel = this.requireChannel(args.channel);
      const { items, next } = page(channel.members, args, 100);
      return { members: items, response_metadata: { next_cursor: next } };
    },

    'conversations.join': (args) => {
      const channel = this.requireChannel(args.channel);
      if (channel.is_private || channel.is_im) throw new SlackError('method_not_supported_for_channel_type');
      if (channel.is_archived) throw new SlackError('is_archived');
      const already = channel.members.includes(this.botUserId);
      if (!already) {
        channel.members.push(this.botUserId);
        this.changed({ kind: 'channel', channel: channel.id });
      }
      return {
        channel: this.channelJson(channel),
        ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}),
      };
    },

    'users.info': (args) => ({ user: this.userJson(this.requireUser(args.user)) }),

    'users.lookupByEmail': (args) => {
      const email = (str(args.email) ?? '').toLowerCase();
      const user = this.users().find((u) => u.email?.toLowerCase() === email && email !== '');
      if (!user) throw new SlackError('users_not_found');
      return { user: this.userJson(user) };
    },

    'users.list': (args) => {
      const { items, next } = page(this.users(), args, 100);
      return { members: items.map((u) => this.userJson(u)), cache_ts: this.nowSeconds(), response_metadata: { next_cursor: next } };
    },

    'views.open': (args) => {
      const view = this.validView(args.view);
      const { user } = this.useTrigger(args.trigger_id);
      const stored = this.storeView(view, str(args.trigger_id), user);
      return { view: this.viewJson(stored) };
    },

    'views.push': (args) => {
      const view = this.validView(args.view);
      const { user } = this.useTrigger(args.trigger_id);
      const parent = [...this.views].reverse().find((v) => !v.closed && v.user === user);
      if (parent && this.views.filter((v) => v.root_view_id === parent.root_view_id && !v.closed).length >= 3) {
        throw new SlackError('push_limit_reached');
      }
      const stored = this.storeView(view, str(args.trigger_id), user, parent);
      return { view: this.viewJson(stored) };
    },

    'views.publish': (args) => {
      const user = this.requireUser(args.user_id);
      const view = this.validView(args.view);
      if (view.type !== 'home') throw new SlackError('invalid_arguments');
      this.homes.set(user.id, view);
      this.changed({ kind: 'view', view: `home:${user.id}` });
      return { view: { id: `VHOME${user.id}`, ...view } };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args.filename) ?? '';
      const length = int(args.length, 0);
      if (filename === '' || length < 1) throw new SlackError('invalid_arguments');
      const id = this.nextId('F');
      this.fileMap.set(id, { id, name: filename, title: filename, altText: str(args.alt_text), length, completed: false, channels: [] });
      return { upload_url: `${this.url}/upload/v1/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const entries = jsonField(args.files, 'invalid_arguments');
      if (!Array.isArray(entries) || entries.length === 0) throw new SlackError('invalid_arguments');
      const files = entries.map((e: unknown) => {
        const file = isRecord(e) ? this.fileMap.get(str(e.id) ?? '') : undefined;
        if (!file?.bytes || file.completed) throw new SlackError('file_not_found');
        return { file, title: isRecord(e) ? str(e.title) : undefined };
      });
      const channelId = str(args.channel_id) ?? str(args.channels);
      const channel = channelId ? this.resolvePostTarget(channelId) : undefined;
      if (channel?.is_archived) throw new SlackError('is_archived');
      if (channel) this.requireMember(channel);
      // As Slack documents it: an initial_comment wins, and the blocks are then ignored.
      const comment = str(args.initial_comment);
      const content = this.messageContent({ blocks: comment === undefined ? args.blocks : undefined, text: comment }, false);
      for (const { file, title } of files) {
        file.completed = true;
        if (title) file.title = title;
        if (channel) file.channels.push(channel.id);
      }
      if (channel) {
        this.storeMessage(channel, {
          user: this.botUserId,
          bot_id: this.botId,
          text: comment ?? '',
          blocks: content.blocks,
          thread_ts: str(args.thread_ts),
          files: files.map(({ file }) => this.fileRef(file)),
        });
      }
      return { files: files.map(({ file }) => ({ id: file.id, title: file.title })) };
    },

    'views.update': (args) => {
      const viewId = str(args.view_id);
      const externalId = str(args.external_id);
      if (!viewId && !externalId) throw new SlackError('invalid_arguments');
      const view = this.validView(args.view);
      const stored = this.views.find((v) => (viewId ? v.id === viewId : v.view.external_id === externalId));
      if (!stored) throw new SlackError('not_found');
      const hash = str(args.hash);
      if (hash && hash !== stored.view.hash) throw new SlackError('hash_conflict');
      stored.view = { ...view, hash: `${this.nowSeconds()}.${Math.random().toString(36).slice(2, 10)}` };
      this.changed({ kind: 'view', view: stored.id });
      return { view: this.viewJson(stored) };
    },
  };

  private setTextField(args: Args, field: 'purpose' | 'topic'): Result {
    const channel = this.requireChannel(args.channel);
    if (channel.is_archived) throw new SlackError('is_archived');
    this.requireMember(channel);
    const value = str(args[field]) ?? '';
    if (value.length > 250) throw new SlackError('too_long');
    channel[field] = { value, creator: this.botUserId, last_set: this.nowSeconds() };
    this.changed({ kind: 'channel', channel: channel.id });
    return { channel: this.channelJson(channel), [field]: value };
  }
}
