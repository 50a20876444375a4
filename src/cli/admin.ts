import { brandOf } from '../core/brand.js';
import { existsSync } from 'node:fs';
import { givenSettings } from '../config.js';
import { serverDatabasePath } from '../sandbox/sandbox-paths.js';
import { loadBrandSettings } from '../config.js';
import { loadEnvFile } from '../env-file.js';
import { runCheck } from './check.js';
import { readFileSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '../db/open-database.js';
import { assignOwner, describeAssignment } from '../flows/assign-owner.js';
import { alignColumns, auditReport } from '../admin/audit-report.js';
import type { ImportOptions, ImportResult } from '../admin/csv-import.js';
import { importAccounts } from '../admin/import-accounts.js';
import { importInstances } from '../admin/import-instances.js';
import { importRoster } from '../admin/import-roster.js';
import { funnelReport, parseReportArgs } from '../admin/funnel-report.js';
import { addOutOfOffice, clearOutOfOffice, listOutOfOffice, localDate } from '../admin/out-of-office.js';
import { outboxReport, retryOutboxEffect } from '../admin/outbox-report.js';
import { setInstanceUrl } from '../admin/set-instance-url.js';
import { removePerson } from '../admin/roster-removal.js';
import { backupDatabase } from '../db/backup.js';

export interface AdminIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** The clock; tests pin it. */
  now?: () => Date;
}

export const USAGE = `usage: npm run admin -- <command> ...

  import-roster FILE      people: slack_user_id,email,name,role,region,eligible[,consultant]
  import-roster --replace FILE
                          FILE is the whole roster: every role it leaves out is removed, at once
  remove-person EMAIL     take every role away from a person, effective at once
  import-accounts FILE    accounts: domain,account_name,prequalified,named,named_sdr,ae,ce[,region]
  import-instances FILE   instances: url,domain,admin_email (empty domain and admin_email: pool)
  ooo EMAIL FROM TO       mark a roster person out of office, dates YYYY-MM-DD inclusive
  ooo list                current and future out-of-office entries
  ooo clear EMAIL         remove a person's out-of-office entries
  audit TRIAL             a trial's audit trail (trial id, space name or domain)
  assign TRIAL ae|ce EMAIL
                          make a roster AE or CE the trial's owner (when round robin found nobody
                          eligible): invited to the space, welcome email if it was waiting for a CE
  check [--fix]           preflight: the configured Slack token, scopes and alerts channel, the GitHub
                          repository and its ready label (--fix creates it), the SMTP login, the
                          database, roster and pool; one line each, exit 1 if anything is wrong
  backup FILE             a consistent copy of the database, taken while the server runs
                          (restore: README "Backups")
  set-instance-url TRIAL URL
                          correct where a trial's instance lives: the domain routes to URL from now on
  outbox [--all]          failed and pending side effects (--all: every one)
  outbox retry ID         put a failed side effect back in the queue
  report [--weeks N] [--csv FILE]
                          the trial funnel per week and case for the last N weeks (default 4, this
                          week so far the last): a table, or CSV written to FILE

Uses DATABASE_PATH (default ./data/trialbot.db; with no SLACK_BOT_TOKEN, the sandbox's ./data/sandbox.db). Exit 0 ok, 1 failed, 2 usage.
`;

type Importer = (db: Db, text: string, now: Date, options?: ImportOptions & { replace?: boolean }) => ImportResult;
const importers: Record<string, Importer> = {
  'import-roster': importRoster,
  'import-accounts': importAccounts,
  'import-instances': importInstances,
};

/** A parsed command: what to do with an open database, returning what to print. */
type Action = (db: Db, now: Date, env: AdminIo['env']) => string | Promise<string>;

class UsageError extends Error {}

function parse(argv: string[]): Action {
  const [command, ...given] = argv;
  // import-roster --replace FILE (or FILE --replace): the file is the whole roster.
  const replace = command === 'import-roster' && given.includes('--replace');
  const args = replace ? given.filter((a) => a !== '--replace') : given;
  const arity = (n: number, shape: string) => {
    if (args.length !== n) throw new UsageError(`${command} takes ${shape}`);
  };
  if (command === undefined) throw new UsageError('no command given');

  const importer = importers[command];
  if (importer) {
    arity(1, 'one FILE');
    const file = args[0] as string;
    return (db, now) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
      try {
        return importer(db, text, now, { source: basename(file), ...(replace ? { replace } : {}) }).message;
      } catch (err) {
        // Name the file too: `roster.csv: line 4: …` is findable in a terminal scrollback.
        if (err instanceof Error && err.name === 'ImportError') throw new Error(`${file}: ${err.message}`);
        throw err;
      }
    };
  }

  switch (command) {
    case 'ooo': {
      if (args[0] === 'list') {
        arity(1, 'list, clear EMAIL, or EMAIL FROM TO');
        return (db, now, env) => {
          const entries = listOutOfOffice(db, localDate(now, env.TIMEZONE || 'UTC'));
          if (entries.length === 0) return 'no one is out of office today or later';
          return alignColumns(
            ['email', 'name', 'from', 'to'],
            entries.map((e) => [e.email, e.name ?? '(not in the roster)', e.fromDate, e.toDate]),
          );
        };
      }
      if (args[0] === 'clear') {
        arity(2, 'list, clear EMAIL, or EMAIL FROM TO');
        const email = args[1] as string;
        return (db, now) => {
          const removed = clearOutOfOffice(db, email, now);
          return removed === 0
            ? `${email} had no out-of-office entries`
            : `removed ${removed} out-of-office entr${removed === 1 ? 'y' : 'ies'} for ${email.toLowerCase()}`;
        };
      }
      arity(3, 'list, clear EMAIL, or EMAIL FROM TO');
      const [email, from, to] = args as [string, string, string];
      return (db, now) => {
        const entry = addOutOfOffice(db, email, from, to, now);
        return `${entry.name} (${entry.email}) is out of office from ${entry.fromDate} to ${entry.toDate}`;
      };
    }
    case 'audit': {
      arity(1, 'one TRIAL (trial id, space name or domain)');
      const ref = args[0] as string;
      return (db) => auditReport(db, ref);
    }
    case 'assign': {
      arity(3, 'TRIAL ae|ce EMAIL');
      const [ref, role, email] = args as [string, string, string];
      if (role !== 'ae' && role !== 'ce') throw new UsageError(`assign takes ae or ce as its role, not "${role}"`);
      return (db, now, env) => describeAssignment(assignOwner(db, ref, role, email, brandOf(loadBrandSettings(env)), now));
    }
    case 'backup': {
      arity(1, 'one FILE');
      const file = args[0] as string;
      return (db) => backupDatabase(db, file);
    }
    case 'remove-person': {
      arity(1, 'one EMAIL');
      const email = args[0] as string;
      return (db, now) => removePerson(db, email, now);
    }
    case 'set-instance-url': {
      arity(2, 'TRIAL URL');
      const [ref, url] = args as [string, string];
      return (db, now) => setInstanceUrl(db, ref, url, now);
    }
    case 'outbox': {
      if (args[0] === 'retry') {
        arity(2, 'retry ID, or an optional --all');
        const id = args[1] as string;
        return (db, now) => {
          const effect = retryOutboxEffect(db, id, now);
          return `outbox effect ${effect.id} (${effect.kind}) is pending again after ${effect.attempts} attempt${effect.attempts === 1 ? '' : 's'}; the server's worker will run it next`;
        };
      }
      if (args.length > 1 || (args.length === 1 && args[0] !== '--all')) {
        throw new UsageError('outbox takes retry ID, or an optional --all');
      }
      const all = args[0] === '--all';
      return (db) => outboxReport(db, { all });
    }
    case 'report': {
      const parsed = parseReportArgs(args);
      if ('error' in parsed) throw new UsageError(parsed.error);
      return (db, now, env) => funnelReport(db, parsed, env, now);
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

/** Runs one admin command; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function main(argv: string[], io: AdminIo): Promise<number> {
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  // Talks to Slack, GitHub and SMTP with the whole configuration, not only the database.
  if (argv[0] === 'check') return runCheck(argv.slice(1), io);
  let action: Action;
  try {
    action = parse(argv);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  let db: Db | undefined;
  try {
    // As for `npm run job`: with no SLACK_BOT_TOKEN (the sandbox of `npm start`) the sandbox's database.
    const path = serverDatabasePath(io.env);
    if (givenSettings(io.env).DATABASE_PATH === undefined && givenSettings(io.env).SLACK_BOT_TOKEN === undefined && !existsSync(path)) {
      throw new Error(`no sandbox database at ${path} yet: start the sandbox first (npm start), or set DATABASE_PATH`);
    }
    db = openDatabase(path);
    const output = await action(db, io.now?.() ?? new Date(), io.env);
    io.stdout.write(`${output}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  } finally {
    db?.close();
  }
}

function runsDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (runsDirectly()) {
  loadEnvFile(process.env);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
