// Failure injection shared by the loopback fakes: a queue of faults, each armed for a number of
// matching requests, consumed in the order they were added.

export type Fault =
  /** HTTP error status; 429/403 carry Retry-After when `retryAfter` is set. */
  | { status: number; retryAfter?: number; secondaryRateLimit?: boolean }
  /** Slack only: HTTP 200 with `{ok:false, error}`. */
  | { error: string }
  /** HTTP 200 whose body is not JSON. */
  | { badJson: true }
  /** Wait this many milliseconds, then handle the request normally. */
  | { hang: number }
  /** Handle the request (state changes), then destroy the socket without answering. */
  | { dropAfterProcessing: true };

/** A Slack method name, a GitHub `METHOD /path/:param` pattern, a RegExp, or a predicate. */
export type FaultMatcher = string | RegExp | ((key: string) => boolean);

interface ArmedFault {
  matches: (key: string) => boolean;
  fault: Fault;
  remaining: number;
}

/** `'POST /repos/:o/:r/issues'` → a RegExp matching `POST /repos/a/b/issues`; a bare word matches exactly. */
export function compileMatcher(matcher: FaultMatcher): (key: string) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (key) => matcher.test(key);
  if (!matcher.includes(':') && !matcher.includes('*')) return (key) => key === matcher;
  const pattern = matcher
    .split(/(:[A-Za-z_]\w*|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const re = new RegExp(`^${pattern}$`, 'i');
  return (key) => re.test(key);
}

export class FaultPlan {
  private armed: ArmedFault[] = [];

  add(matcher: FaultMatcher, fault: Fault, times = 1): void {
    if (times <= 0) return;
    this.armed.push({ matches: compileMatcher(matcher), fault, remaining: times });
  }

  /** The next fault for this request, if any, counting it as used. */
  take(key: string): Fault | undefined {
    const index = this.armed.findIndex((a) => a.matches(key));
    if (index < 0) return undefined;
    const entry = this.armed[index];
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.armed = [];
  }

  get pending(): number {
    return this.armed.reduce((n, a) => n + a.remaining, 0);
  }
}

/** Timers the fakes start for `hang`, so close() can end them instead of keeping the process alive. */
export class Sleeper {
  private timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
      };
      this.timers.add(entry);
    });
  }

  wakeAll(): void {
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.timers.clear();
  }
}
