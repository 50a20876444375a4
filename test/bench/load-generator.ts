import { Worker } from 'node:worker_threads';

export interface PreparedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  /** Milliseconds from sending each request to the end of its response. */
  latencies: number[];
  /** Answers that were not HTTP 200. */
  errors: number;
  wallMs: number;
}

// The client runs in a worker thread so its own timers and parsing never wait behind the
// server's event loop (which shares this process): what it measures is the server.
// Plain JS evaluated in the worker, so the same code runs from tsc output and under vitest.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { url, requests, concurrency, warmup, held } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = new Array(requests.length);
let errors = 0;
let next = 0;
function one(r) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ host: target.hostname, port: target.port, path: r.path, method: 'POST', agent,
      headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => { if (res.statusCode !== 200) errors++; resolve(performance.now() - started); });
    });
    req.on('error', () => { errors++; resolve(performance.now() - started); });
    req.end(r.body);
  });
}
async function lane() {
  while (next < requests.length) {
    const i = next++;
    latencies[i] = await one(requests[i]);
  }
}
async function main() {
  // Connections opened (and kept alive) before anything counts: their set-up is the client's, not the server's.
  if (warmup) {
    await Promise.all(warmup.map((r) => one(r)));
    errors = 0;
  }
  parentPort.postMessage('warm');
  if (held) await new Promise((resolve) => parentPort.once('message', resolve));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
  agent.destroy();
  parentPort.postMessage({ latencies, errors, wallMs: performance.now() - t0 });
}
main();
`;

export interface LoadOptions {
  /** Sent first, all at once and not counted: opens `warmup.length` keep-alive connections. */
  warmup?: PreparedRequest[];
  /** The counted requests wait for `go()`. */
  held?: boolean;
}

export interface Load {
  /** Once the warm-up requests have been answered. */
  warm: Promise<void>;
  /** Starts a held load. */
  go(): void;
  done: Promise<LoadResult>;
}

/** Sends `requests` to `url`, `concurrency` at a time, from a separate thread. */
export function startLoad(url: string, requests: PreparedRequest[], concurrency: number, options: LoadOptions = {}): Load {
  const worker = new Worker(workerSource, { eval: true, workerData: { url, requests, concurrency, ...options } });
  let warmed = () => {};
  const warm = new Promise<void>((resolve) => (warmed = resolve));
  const done = new Promise<LoadResult>((resolve, reject) => {
    worker.on('message', (m: LoadResult | 'warm') => {
      if (m === 'warm') return warmed();
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  return { warm, done, go: () => worker.postMessage('go') };
}

export function runLoad(url: string, requests: PreparedRequest[], concurrency: number): Promise<LoadResult> {
  return startLoad(url, requests, concurrency).done;
}
