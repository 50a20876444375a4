import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { seedAccount, seedPool } from '../support/seed.js';

// The compiled modules (npm test builds them first): each process is a connection of its own.
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const distModule = (path: string) => pathToFileURL(join(dist, path)).href;

/**
 * Takes signups through acceptSignup, as the server does: on each line `i` from the test, the
 * i-th of its list, answering `i` (or the error's code). The test sends each `i` to both
 * processes at once, so the two race on every company rather than drifting apart.
 */
const childScript = `
import { createInterface } from 'node:readline';
import { openDatabase } from ${JSON.stringify(distModule('src/db/open-database.js'))};
import { acceptSignup } from ${JSON.stringify(distModule('src/flows/accept-signup.js'))};
import { emailDomain } from ${JSON.stringify(distModule('src/core/email-domain.js'))};
const [dbPath, who, emails] = [process.env.DB_PATH, process.env.WHO, JSON.parse(process.env.EMAILS)];
const db = openDatabase(dbPath);
process.stdout.write('ready\\n');
for await (const line of createInterface({ input: process.stdin })) {
  const email = emails[Number(line)];
  try {
    acceptSignup(db, { id: who + ':' + email, email }, { address: email, domain: emailDomain(email) }, new Date());
    process.stdout.write(line + '\\n');
  } catch (error) {
    process.stdout.write(JSON.stringify(String(error.code ?? error.message)) + '\\n');
  }
}
db.close();
`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Child {
  /** Signs up the i-th person of its list; resolves with the error code, if any. */
  signUp(i: number): Promise<string | null>;
  close(): void;
}

async function startChild(dbPath: string, who: string, emails: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
    env: { PATH: process.env.PATH ?? '', DB_PATH: dbPath, WHO: who, EMAILS: JSON.stringify(emails) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${who} exited with ${child.exitCode}:\n${stderr}`);
    return line.value;
  };
  await next();
  return {
    async signUp(i) {
      child.stdin!.write(`${i}\n`);
      const answer = await next();
      return answer === String(i) ? null : (JSON.parse(answer) as string);
    },
    close: () => child.stdin!.end(),
  };
}

describe('two connections to one database (two server processes, or the server and a job)', () => {
  it('signing up the same companies at once: no SQLITE_BUSY, one trial per company, no pool instance given to two', async () => {
    if (!existsSync(join(dist, 'src/flows/accept-signup.js'))) throw new Error(`${dist} is missing: run "npm run build" (npm test builds first)`);
    dir = mkdtempSync(join(tmpdir(), 'trialbot-two-'));
    const dbPath = join(dir, 'trialbot.db');
    const db = openDatabase(dbPath);
    // Pre-qualified companies take a pool instance each (Case 2.2); the others wait for triage (Case 3).
    const prequalified = Array.from({ length: 100 }, (_, n) => `pre${n}.com`);
    for (const domain of prequalified) seedAccount(db, { domain, name: domain, prequalified: true, named: false });
    seedPool(db, 120);
    db.close();

    // Each round both processes take one signup at once: first two people of one company
    // (either routing case), then two pre-qualified companies reaching for the same free instance.
    const sameCompany = [...Array.from({ length: 40 }, (_, n) => `lead${n}.com`), ...prequalified.slice(0, 20)];
    const poolRace = prequalified.slice(20);
    const lists = ['a', 'b'].map((who, k) => [...sameCompany, ...poolRace.filter((_, n) => n % 2 === k)].map((d) => `${who}@${d}`));
    const children = await Promise.all(['a', 'b'].map((who, k) => startChild(dbPath, who, lists[k]!)));
    const errors: string[] = [];
    try {
      for (let i = 0; i < lists[0]!.length; i++) {
        for (const error of await Promise.all(children.map((c) => c.signUp(i)))) if (error) errors.push(error);
      }
    } finally {
      for (const c of children) c.close();
    }

    expect(errors).toEqual([]);
    const check = openDatabase(dbPath);
    try {
      expect(check.prepare('SELECT count(*) AS n FROM signups').get()).toEqual({ n: 2 * sameCompany.length + poolRace.length });
      const trialsPerDomain = check.prepare('SELECT domain, count(*) AS n FROM trials GROUP BY domain HAVING n > 1').all();
      expect(trialsPerDomain).toEqual([]);
      expect(check.prepare('SELECT count(*) AS n FROM trials').get()).toEqual({ n: sameCompany.length + poolRace.length });
      // Every pre-qualified company has an instance of its own, linked to its one trial.
      const shared = check
        .prepare('SELECT instance_url, group_concat(domain) AS domains FROM trials WHERE instance_url IS NOT NULL GROUP BY instance_url HAVING count(*) > 1')
        .all();
      expect(shared).toEqual([]);
      const mismatched = check
        .prepare(
          `SELECT t.domain, i.domain AS instanceDomain FROM trials t JOIN instances i ON i.url = t.instance_url WHERE i.domain IS NOT t.domain OR i.trial_id IS NOT t.id`,
        )
        .all();
      expect(mismatched).toEqual([]);
      expect(check.prepare(`SELECT count(*) AS n FROM instances WHERE domain IS NOT NULL`).get()).toEqual({ n: prequalified.length });
    } finally {
      check.close();
    }
  }, 60_000);
});
