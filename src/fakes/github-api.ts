// A loopback stand-in for the part of the GitHub REST API the bot uses (issues, comments, labels),
// spoken to by the real @octokit/rest client. It also plays the cloud team (labelling, closing,
// commenting) and delivers signed webhooks for what happens to issues, like GitHub would.
import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, Sleeper, type Fault, type FaultMatcher } from './fault-plan.js';

export interface WebhookConfig {
  url: string;
  secret?: string;
}

export interface FakeGitHubOptions {
  /** Accepted token. Default 'ghp_test'. */
  token?: string;
  /** Login of the token's owner. Default 'trialbot[bot]'. */
  tokenOwner?: string;
  repos?: string[];
  webhook?: WebhookConfig | null;
  /** Base of html_url links. Default 'https://github.com'. */
  htmlBaseUrl?: string;
  now?: () => Date;
  port?: number;
  /**
   * How GitHub relates people to the repositories (their comments' and issues'
   * `author_association`): login → MEMBER, COLLABORATOR, CONTRIBUTOR, …; the owner
   * of a repository is its OWNER, everyone else NONE.
   */
  members?: Record<string, string>;
}

export interface GitHubUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
  site_admin: boolean;
}

export interface GitHubLabel {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface GitHubIssue {
  id: number;
  node_id: string;
  url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  html_url: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  locked: boolean;
  labels: GitHubLabel[];
  assignee: GitHubUser | null;
  assignees: GitHubUser[];
  milestone: null;
  user: GitHubUser;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: GitHubUser | null;
  author_association: string;
}

export interface GitHubComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: GitHubUser;
  created_at: string;
  updated_at: string;
  author_association: string;
}

export interface GitHubCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
  at: Date;
  fault?: Fault;
}

export interface WebhookDelivery {
  id: string;
  event: 'issues' | 'issue_comment';
  action: string;
  payload: Record<string, unknown>;
  /** HTTP status the receiver answered; undefined when the delivery failed to connect. */
  status?: number;
  error?: string;
  at: Date;
}

export type GitHubChange =
  | { kind: 'issue'; repo: string; number: number; action: string }
  | { kind: 'comment'; repo: string; number: number; id: number }
  | { kind: 'repo'; repo: string }
  | { kind: 'delivery'; id: string };

/** Every repository, issue, comment and person as plain JSON (the sandbox keeps it across restarts). */
export interface FakeGitHubSnapshot {
  /** The fake's own base URL when taken: API links in issues are moved to the new one on restore. */
  url: string;
  repos: Array<Omit<Repo, 'comments' | 'labels'> & { comments: Array<[number, GitHubComment[]]>; labels: Array<[string, GitHubLabel]> }>;
  people: GitHubUser[];
  nextNumericId: number;
}

interface Repo {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  issues: GitHubIssue[];
  comments: Map<number, GitHubComment[]>;
  labels: Map<string, GitHubLabel>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const DOCS = 'https://docs.github.com/rest';

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function labelNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((l) =>
      typeof l === 'string' ? l : l && typeof l === 'object' && typeof (l as { name?: unknown }).name === 'string' ? (l as { name: string }).name : '',
    )
    .filter((s) => s !== '');
}

type Route = {
  method: string;
  pattern: RegExp;
  handler: (p: string[], q: URLSearchParams, body: Record<string, unknown>) => { status: number; body: unknown; headers?: Record<string, string> };
};

/** GitHub's field limits, answered as GitHub does: 422 Validation Failed, a permanent refusal. */
function tooLong(resource: string, field: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    throw new HttpError(422, {
      message: 'Validation Failed',
      errors: [{ resource, code: 'custom', field, message: `${field} is too long (maximum is ${max} characters)` }],
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    });
  }
}

export class FakeGitHub extends EventEmitter {
  /** Whether the token may open issues (GitHub's `permissions.push`); false answers issue creation 403. */
  tokenCanWrite = true;

  readonly token: string;
  readonly tokenOwner: string;
  readonly htmlBaseUrl: string;
  url = '';

  readonly calls: GitHubCall[] = [];
  readonly deliveries: WebhookDelivery[] = [];

  private webhook: WebhookConfig | null;
  private readonly now: () => Date;
  private readonly server: http.Server;
  private readonly faults = new FaultPlan();
  private readonly sleeper = new Sleeper();
  private readonly repos = new Map<string, Repo>();
  private readonly people = new Map<string, GitHubUser>();
  private readonly members = new Map<string, string>();
  private nextNumericId = 1000;
  private deliveryChain: Promise<void> = Promise.resolve();

  private constructor(opts: FakeGitHubOptions) {
    super();
    this.token = opts.token ?? 'ghp_test';
    this.tokenOwner = opts.tokenOwner ?? 'trialbot[bot]';
    this.htmlBaseUrl = (opts.htmlBaseUrl ?? 'https://github.com').replace(/\/$/, '');
    this.webhook = opts.webhook ?? null;
    this.now = opts.now ?? (() => new Date());
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: String(err) }));
        }
      });
    });
    for (const r of opts.repos ?? []) this.addRepo(r);
    for (const [login, association] of Object.entries(opts.members ?? {})) this.members.set(login.toLowerCase(), association);
  }

  /** Creates a label in `repo` (as a maintainer would), or removes it with `present` false. */
  setLabel(repo: string, name: string, present = true): void {
    const r = this.repos.get(repo.toLowerCase());
    if (!r) throw new Error(`unknown repo ${repo}`);
    if (present) this.label(r, name);
    else r.labels.delete(name.toLowerCase());
  }

  hasLabel(repo: string, name: string): boolean {
    return this.repos.get(repo.toLowerCase())?.labels.has(name.toLowerCase()) ?? false;
  }

  /** Makes `login` a MEMBER, COLLABORATOR, … of every repository here (NONE removes it). */
  setAssociation(login: string, association: string): void {
    this.members.set(login.toLowerCase(), association);
  }

  private association(r: Repo, login: string): string {
    if (login.toLowerCase() === r.owner.toLowerCase()) return 'OWNER';
    return this.members.get(login.toLowerCase()) ?? 'NONE';
  }

  static async start(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(opts);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `http://127.0.0.1:${port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.sleeper.wakeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.deliveryChain;
  }

  // ---- test and sandbox controls ----------------------------------------------------------

  addRepo(fullName: string): void {
    const [owner, name] = fullName.split('/');
    if (!owner || !name) throw new Error(`repo must be owner/name: ${fullName}`);
    if (this.repos.has(fullName.toLowerCase())) return;
    this.repos.set(fullName.toLowerCase(), {
      id: this.newId(),
      owner,
      name,
      fullName,
      issues: [],
      comments: new Map(),
      labels: new Map(),
    });
    this.changed({ kind: 'repo', repo: fullName });
  }

  repoNames(): string[] {
    return [...this.repos.values()].map((r) => r.fullName);
  }

  issues(repo: string): GitHubIssue[] {
    return [...(this.repos.get(repo.toLowerCase())?.issues ?? [])];
  }

  issue(repo: string, number: number): GitHubIssue | undefined {
    return this.repos.get(repo.toLowerCase())?.issues.find((i) => i.number === number);
  }

  comments(repo: string, number: number): GitHubComment[] {
    return [...(this.repos.get(repo.toLowerCase())?.comments.get(number) ?? [])];
  }

  snapshot(): FakeGitHubSnapshot {
    return structuredClone({
      url: this.url,
      repos: [...this.repos.values()].map((r) => ({ ...r, comments: [...r.comments], labels: [...r.labels] })),
      people: [...this.people.values()],
      nextNumericId: this.nextNumericId,
    });
  }

  /** Replaces every repository with those of a `snapshot()` (calls, faults and deliveries are not part of it). */
  restore(snapshot: FakeGitHubSnapshot): void {
    const text = JSON.stringify(snapshot);
    const s = JSON.parse(snapshot.url && this.url ? text.split(snapshot.url).join(this.url) : text) as FakeGitHubSnapshot;
    this.repos.clear();
    for (const r of s.repos) {
      this.repos.set(r.fullName.toLowerCase(), { ...r, comments: new Map(r.comments), labels: new Map(r.labels) });
      this.changed({ kind: 'repo', repo: r.fullName });
    }
    this.people.clear();
    for (const p of s.people) this.people.set(p.login, p);
    this.nextNumericId = s.nextNumericId;
  }

  callsTo(matcher: FaultMatcher): GitHubCall[] {
    const probe = new FaultPlan();
    probe.add(matcher, { hang: 0 }, Number.MAX_SAFE_INTEGER);
    return this.calls.filter((c) => probe.take(`${c.method} ${c.path}`) !== undefined);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** `route` is e.g. 'POST /repos/:o/:r/issues', a RegExp tested on 'METHOD /path', or a predicate. */
  fail(route: FaultMatcher, fault: Fault, times = 1): void {
    this.faults.add(route, fault, times);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Lets every request held by a `hang` fault go on now (GitHub back from an outage). */
  releaseHung(): void {
    this.sleeper.wakeAll();
  }

  setWebhook(config: WebhookConfig | null): void {
    this.webhook = config;
  }

  /** Resolves once every delivery started so far has finished (tests only; GitHub gives no such thing). */
  async deliveriesSettled(): Promise<WebhookDelivery[]> {
    let chain: Promise<void>;
    do {
      chain = this.deliveryChain;
      await chain;
    } while (chain !== this.deliveryChain);
    return this.deliveries;
  }

  labelIssue(repo: string, number: number, label: string, actor = 'cloud-ops'): GitHubIssue {
    const { r, issue } = this.requireIssue(repo, number);
    this.addLabels(r, issue, [label], this.person(actor));
    return issue;
  }

  unlabelIssue(repo: string, number: number, label: string, actor = 'cloud-ops'): GitHubIssue {
    const { r, issue } = this.requireIssue(repo, number);
    this.removeLabel(r, issue, label, this.person(actor));
    return issue;
  }

  closeIssue(repo: string, number: number, actor = 'cloud-ops'): GitHubIssue {
    const { r, issue } = this.requireIssue(repo, number);
    this.setState(r, issue, 'closed', this.person(actor));
    return issue;
  }

  reopenIssue(repo: string, number: number, actor = 'cloud-ops'): GitHubIssue {
    const { r, issue } = this.requireIssue(repo, number);
    this.setState(r, issue, 'open', this.person(actor));
    return issue;
  }

  commentAs(repo: string, number: number, login: string, body: string): GitHubComment {
    const { r, issue } = this.requireIssue(repo, number);
    return this.addComment(r, issue, body, this.person(login));
  }

  // ---- HTTP ------------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const reqUrl = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = reqUrl.pathname.replace(/\/+$/, '') || '/';
    const query = Object.fromEntries(reqUrl.searchParams.entries());
    const raw = (await readBody(req)).toString('utf8');
    const at = this.now();
    const record = (status: number, response: unknown, body: unknown, fault?: Fault) =>
      this.calls.push({ method, path, query, body, status, response, at, fault });

    let body: Record<string, unknown> = {};
    let parsedBody: unknown = undefined;
    if (raw !== '') {
      try {
        parsedBody = JSON.parse(raw);
        if (parsedBody && typeof parsedBody === 'object' && !Array.isArray(parsedBody)) body = parsedBody as Record<string, unknown>;
        else if (Array.isArray(parsedBody)) body = { labels: parsedBody };
      } catch {
        const answer = { message: 'Problems parsing JSON', documentation_url: DOCS };
        record(400, answer, raw);
        this.send(res, 400, answer);
        return;
      }
    }

    const fault = this.faults.take(`${method} ${path}`);
    if (fault && 'hang' in fault) await this.sleeper.sleep(fault.hang);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = {};
      let answer: Record<string, unknown>;
      if (fault.secondaryRateLimit || (fault.status === 403 && fault.retryAfter !== undefined)) {
        answer = {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: String(fault.status),
        };
        headers['retry-after'] = String(Math.ceil(fault.retryAfter ?? 60));
      } else if (fault.status === 429 || fault.status === 403) {
        const wait = Math.ceil(fault.retryAfter ?? 60);
        answer = { message: 'API rate limit exceeded for installation.', documentation_url: DOCS, status: String(fault.status) };
        headers['retry-after'] = String(wait);
        headers['x-ratelimit-remaining'] = '0';
        headers['x-ratelimit-reset'] = String(Math.floor(at.getTime() / 1000) + wait);
      } else {
        answer = { message: fault.status >= 500 ? 'Server Error' : 'Error', status: String(fault.status) };
      }
      record(fault.status, answer, parsedBody, fault);
      this.send(res, fault.status, answer, headers);
      return;
    }
    if (fault && 'badJson' in fault) {
      const html = '<html><body><h1>Unicorn!</h1></body></html>';
      record(200, html, parsedBody, fault);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(html);
      return;
    }
    if (fault && 'error' in fault) {
      const answer = { message: fault.error, documentation_url: DOCS };
      record(422, answer, parsedBody, fault);
      this.send(res, 422, answer);
      return;
    }

    const auth = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '');
    let status: number;
    let answer: unknown;
    let headers: Record<string, string> = {};
    if (!auth) {
      status = 401;
      answer = { message: 'Requires authentication', documentation_url: DOCS, status: '401' };
    } else if (auth[1] !== this.token) {
      status = 401;
      answer = { message: 'Bad credentials', documentation_url: DOCS, status: '401' };
    } else {
      try {
        const result = this.route(method, path, reqUrl.searchParams, body);
        status = result.status;
        answer = result.body;
        headers = result.headers ?? {};
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        status = err.status;
        answer = err.body;
      }
    }
    record(status, answer, parsedBody, fault);
    if (fault && 'dropAfterProcessing' in fault) {
      req.socket.destroy();
      return;
    }
    this.send(res, status, answer, headers);
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const reset = Math.floor(this.now().getTime() / 1000) + 3600;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(status === 204 ? undefined : JSON.stringify(body));
  }

  private route(method: string, path: string, q: URLSearchParams, body: Record<string, unknown>) {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (m) return r.handler(m.slice(1).map(decodeURIComponent), q, body);
    }
    throw notFound();
  }

  private readonly routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/user$/,
      handler: () => ({ status: 200, body: this.userJson(this.person(this.tokenOwner)) }),
    },
    {
      method: 'GET',
      pattern: /^\/rate_limit$/,
      handler: () => {
        const reset = Math.floor(this.now().getTime() / 1000) + 3600;
        const core = { limit: 5000, remaining: 4999, reset, used: 1, resource: 'core' };
        return { status: 200, body: { resources: { core, search: { ...core, limit: 30, remaining: 30, used: 0, resource: 'search' } }, rate: core } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
      handler: ([o, n]) => ({ status: 200, body: this.repoJson(this.requireRepo(o, n)) }),
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/labels\/([^/]+)$/,
      handler: ([o, n, name]) => {
        const l = this.requireRepo(o, n).labels.get(decodeURIComponent(name).toLowerCase());
        if (!l) throw notFound();
        return { status: 200, body: l };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/labels$/,
      handler: ([o, n]) => ({ status: 200, body: [...this.requireRepo(o, n).labels.values()] }),
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/labels$/,
      handler: ([o, n], _q, body) => {
        const r = this.requireRepo(o, n);
        if (typeof body.name !== 'string' || body.name === '') {
          throw new HttpError(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'missing_field', field: 'name' }],
            documentation_url: DOCS,
            status: '422',
          });
        }
        if (r.labels.has(body.name.toLowerCase())) {
          throw new HttpError(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
            documentation_url: DOCS,
            status: '422',
          });
        }
        const l = this.label(r, body.name);
        if (typeof body.color === 'string') l.color = body.color;
        if (typeof body.description === 'string') l.description = body.description;
        return { status: 201, body: l };
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handler: ([o, n], _q, body) => {
        const r = this.requireRepo(o, n);
        if (typeof body.title !== 'string' && typeof body.title !== 'number') {
          throw new HttpError(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
            documentation_url: `${DOCS}/issues/issues#create-an-issue`,
            status: '422',
          });
        }
        if (!this.tokenCanWrite) throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' });
        tooLong('Issue', 'title', body.title, 256);
        tooLong('Issue', 'body', body.body, 65_536);
        const issue = this.createIssue(
          r,
          String(body.title),
          typeof body.body === 'string' ? body.body : null,
          labelNames(body.labels),
          this.person(this.tokenOwner),
        );
        return { status: 201, body: issue, headers: { location: issue.url } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handler: ([o, n], q) => {
        const r = this.requireRepo(o, n);
        const state = q.get('state') ?? 'open';
        const wanted = (q.get('labels') ?? '')
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '');
        const creator = q.get('creator');
        const since = q.get('since');
        const sort = q.get('sort') ?? 'created';
        const direction = q.get('direction') ?? 'desc';
        const matching = r.issues.filter((i) => {
          if (state !== 'all' && i.state !== state) return false;
          if (creator && i.user.login.toLowerCase() !== creator.toLowerCase()) return false;
          if (since && i.updated_at < since) return false;
          const have = new Set(i.labels.map((l) => l.name.toLowerCase()));
          return wanted.every((w) => have.has(w));
        });
        const key = (i: GitHubIssue): string | number => (sort === 'updated' ? i.updated_at : sort === 'comments' ? i.comments : i.created_at);
        matching.sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          const c = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
          return direction === 'asc' ? c : -c;
        });
        return this.paginate(`/repos/${r.owner}/${r.name}/issues`, q, matching);
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handler: ([o, n, num]) => ({ status: 200, body: this.findIssue(this.requireRepo(o, n), Number(num)) }),
    },
    {
      method: 'PATCH',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handler: ([o, n, num], _q, body) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        const actor = this.person(this.tokenOwner);
        const changes: Record<string, unknown> = {};
        if (typeof body.title === 'string' && body.title !== issue.title) {
          changes.title = { from: issue.title };
          issue.title = body.title;
        }
        if ((typeof body.body === 'string' || body.body === null) && body.body !== issue.body) {
          changes.body = { from: issue.body };
          issue.body = body.body;
        }
        if (Object.keys(changes).length > 0) {
          this.touch(issue);
          this.issueEvent(r, issue, 'edited', actor, { changes });
        }
        if (body.labels !== undefined) this.setLabels(r, issue, labelNames(body.labels), actor);
        if (body.state === 'open' || body.state === 'closed') {
          const reason = body.state_reason === 'not_planned' ? 'not_planned' : undefined;
          this.setState(r, issue, body.state, actor, reason);
        }
        return { status: 200, body: issue };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handler: ([o, n, num], q) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        const since = q.get('since');
        const all = (r.comments.get(issue.number) ?? []).filter((c) => !since || c.updated_at >= since);
        return this.paginate(`/repos/${r.owner}/${r.name}/issues/${issue.number}/comments`, q, all);
      },
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      handler: ([o, n, num], _q, body) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        if (typeof body.body !== 'string' || body.body === '') {
          throw new HttpError(422, {
            message: 'Validation Failed',
            errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
            documentation_url: DOCS,
            status: '422',
          });
        }
        tooLong('IssueComment', 'body', body.body, 65_536);
        const comment = this.addComment(r, issue, body.body, this.person(this.tokenOwner));
        return { status: 201, body: comment, headers: { location: comment.url } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/,
      handler: ([o, n, num]) => ({ status: 200, body: this.findIssue(this.requireRepo(o, n), Number(num)).labels }),
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/,
      handler: ([o, n, num], _q, body) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        const names = labelNames(body.labels);
        if (names.length === 0) {
          throw new HttpError(422, { message: 'Invalid request.\n\nNo labels given.', documentation_url: DOCS, status: '422' });
        }
        this.addLabels(r, issue, names, this.person(this.tokenOwner));
        return { status: 200, body: issue.labels };
      },
    },
    {
      method: 'PUT',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/,
      handler: ([o, n, num], _q, body) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        this.setLabels(r, issue, labelNames(body.labels), this.person(this.tokenOwner));
        return { status: 200, body: issue.labels };
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels\/(.+)$/,
      handler: ([o, n, num, name]) => {
        const r = this.requireRepo(o, n);
        const issue = this.findIssue(r, Number(num));
        if (!issue.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
          throw new HttpError(404, { message: 'Label does not exist', documentation_url: DOCS, status: '404' });
        }
        this.removeLabel(r, issue, name, this.person(this.tokenOwner));
        return { status: 200, body: issue.labels };
      },
    },
  ];

  // ---- state -----------------------------------------------------------------------------

  private changed(change: GitHubChange): void {
    this.emit('change', change);
  }

  private newId(): number {
    return ++this.nextNumericId;
  }

  private person(login: string): GitHubUser {
    let p = this.people.get(login);
    if (!p) {
      p = { login, id: this.newId(), type: login.endsWith('[bot]') ? 'Bot' : 'User', site_admin: false };
      this.people.set(login, p);
    }
    return p;
  }

  private userJson(u: GitHubUser): Record<string, unknown> {
    return {
      ...u,
      node_id: Buffer.from(`User:${u.id}`).toString('base64'),
      url: `${this.url}/users/${encodeURIComponent(u.login)}`,
      html_url: `${this.htmlBaseUrl}/${u.login}`,
    };
  }

  private repoJson(r: Repo): Record<string, unknown> {
    return {
      id: r.id,
      node_id: Buffer.from(`Repository:${r.id}`).toString('base64'),
      name: r.name,
      full_name: r.fullName,
      private: true,
      owner: this.userJson({ ...this.person(r.owner), type: 'User' }),
      html_url: `${this.htmlBaseUrl}/${r.fullName}`,
      url: `${this.url}/repos/${r.fullName}`,
      default_branch: 'main',
      has_issues: true,
      // As GitHub answers an authenticated request: what this token may do here.
      permissions: { admin: false, maintain: false, push: this.tokenCanWrite, triage: this.tokenCanWrite, pull: true },
    };
  }

  private requireRepo(owner: string, name: string): Repo {
    const r = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!r) throw notFound();
    return r;
  }

  private findIssue(r: Repo, number: number): GitHubIssue {
    const issue = r.issues.find((i) => i.number === number);
    if (!issue) throw notFound();
    return issue;
  }

  private requireIssue(repo: string, number: number): { r: Repo; issue: GitHubIssue } {
    const r = this.repos.get(repo.toLowerCase());
    if (!r) throw new Error(`unknown repo ${repo}`);
    const issue = r.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue ${repo}#${number}`);
    return { r, issue };
  }

  private touch(issue: GitHubIssue): void {
    issue.updated_at = isoSeconds(this.now());
  }

  private label(r: Repo, name: string): GitHubLabel {
    const key = name.toLowerCase();
    let l = r.labels.get(key);
    if (!l) {
      const id = this.newId();
      l = {
        id,
        node_id: Buffer.from(`Label:${id}`).toString('base64'),
        url: `${this.url}/repos/${r.fullName}/labels/${encodeURIComponent(name)}`,
        name,
        color: 'ededed',
        default: false,
        description: null,
      };
      r.labels.set(key, l);
    }
    return l;
  }

  private createIssue(r: Repo, title: string, body: string | null, labels: string[], author: GitHubUser): GitHubIssue {
    const number = r.issues.length + 1;
    const id = this.newId();
    const now = isoSeconds(this.now());
    const api = `${this.url}/repos/${r.fullName}/issues/${number}`;
    const issue: GitHubIssue = {
      id,
      node_id: Buffer.from(`Issue:${id}`).toString('base64'),
      url: api,
      repository_url: `${this.url}/repos/${r.fullName}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `${this.htmlBaseUrl}/${r.fullName}/issues/${number}`,
      number,
      title,
      body,
      state: 'open',
      state_reason: null,
      locked: false,
      labels: [],
      assignee: null,
      assignees: [],
      milestone: null,
      user: author,
      comments: 0,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
      author_association: this.association(r, author.login),
    };
    r.issues.push(issue);
    const initial = [...new Set(labels)].map((n) => this.label(r, n));
    issue.labels = initial;
    this.issueEvent(r, issue, 'opened', author);
    // GitHub follows `opened` with one `labeled` per label given at creation.
    for (const l of initial) this.issueEvent(r, issue, 'labeled', author, { label: l });
    return issue;
  }

  private addLabels(r: Repo, issue: GitHubIssue, names: string[], actor: GitHubUser): void {
    for (const name of names) {
      if (issue.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) continue;
      const l = this.label(r, name);
      issue.labels.push(l);
      this.touch(issue);
      this.issueEvent(r, issue, 'labeled', actor, { label: l });
    }
  }

  private removeLabel(r: Repo, issue: GitHubIssue, name: string, actor: GitHubUser): void {
    const l = issue.labels.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!l) return;
    issue.labels = issue.labels.filter((x) => x !== l);
    this.touch(issue);
    this.issueEvent(r, issue, 'unlabeled', actor, { label: l });
  }

  private setLabels(r: Repo, issue: GitHubIssue, names: string[], actor: GitHubUser): void {
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    for (const l of [...issue.labels]) if (!wanted.has(l.name.toLowerCase())) this.removeLabel(r, issue, l.name, actor);
    this.addLabels(r, issue, names, actor);
  }

  private setState(r: Repo, issue: GitHubIssue, state: 'open' | 'closed', actor: GitHubUser, reason?: 'not_planned'): void {
    if (issue.state === state) return;
    issue.state = state;
    this.touch(issue);
    if (state === 'closed') {
      issue.closed_at = issue.updated_at;
      issue.closed_by = actor;
      issue.state_reason = reason ?? 'completed';
      this.issueEvent(r, issue, 'closed', actor);
    } else {
      issue.closed_at = null;
      issue.closed_by = null;
      issue.state_reason = 'reopened';
      this.issueEvent(r, issue, 'reopened', actor);
    }
  }

  private addComment(r: Repo, issue: GitHubIssue, body: string, author: GitHubUser): GitHubComment {
    const id = this.newId();
    const now = isoSeconds(this.now());
    const comment: GitHubComment = {
      id,
      node_id: Buffer.from(`IssueComment:${id}`).toString('base64'),
      url: `${this.url}/repos/${r.fullName}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      issue_url: issue.url,
      body,
      user: author,
      created_at: now,
      updated_at: now,
      author_association: this.association(r, author.login),
    };
    const list = r.comments.get(issue.number) ?? [];
    list.push(comment);
    r.comments.set(issue.number, list);
    issue.comments = list.length;
    this.touch(issue);
    this.changed({ kind: 'comment', repo: r.fullName, number: issue.number, id });
    this.deliver('issue_comment', 'created', r, issue, author, { comment: structuredClone(comment) });
    return comment;
  }

  private issueEvent(r: Repo, issue: GitHubIssue, action: string, actor: GitHubUser, extra: Record<string, unknown> = {}): void {
    this.changed({ kind: 'issue', repo: r.fullName, number: issue.number, action });
    this.deliver('issues', action, r, issue, actor, extra);
  }

  // ---- webhooks --------------------------------------------------------------------------

  private deliver(event: WebhookDelivery['event'], action: string, r: Repo, issue: GitHubIssue, sender: GitHubUser, extra: Record<string, unknown>): void {
    const hook = this.webhook;
    if (!hook) return;
    const payload: Record<string, unknown> = {
      action,
      issue: structuredClone(issue),
      ...structuredClone(extra),
      repository: this.repoJson(r),
      sender: this.userJson(sender),
    };
    const delivery: WebhookDelivery = { id: randomUUID(), event, action, payload, at: this.now() };
    this.deliveries.push(delivery);
    const raw = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': delivery.id,
      'x-github-hook-id': '1',
      'x-github-hook-installation-target-type': 'repository',
      'x-github-hook-installation-target-id': String(r.id),
    };
    if (hook.secret) {
      headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', hook.secret).update(raw).digest('hex')}`;
      headers['x-hub-signature'] = `sha1=${createHmac('sha1', hook.secret).update(raw).digest('hex')}`;
    }
    // Deliveries go out one at a time in the order things happened; a failure is recorded, never retried.
    this.deliveryChain = this.deliveryChain.then(async () => {
      try {
        const res = await fetch(hook.url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(10_000) });
        delivery.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        delivery.error = err instanceof Error ? err.message : String(err);
      }
      this.changed({ kind: 'delivery', id: delivery.id });
    });
  }

  private paginate(basePath: string, q: URLSearchParams, items: unknown[]) {
    const perPage = Math.max(1, Math.min(100, Number(q.get('per_page') ?? 30) || 30));
    const pageNo = Math.max(1, Number(q.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const link = (p: number, rel: string) => {
      const params = new URLSearchParams(q);
      params.set('per_page', String(perPage));
      params.set('page', String(p));
      return `<${this.url}${basePath}?${params.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(link(pageNo - 1, 'prev'));
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'));
    return { status: 200, body: slice, headers: links.length > 0 ? { link: links.join(', ') } : undefined };
  }
}
