import { parseBusinessHours } from './core/business-hours.js';
import { z } from 'zod';

const url = z.string().url();
const yesNumber = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const fields = z.object({
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_API_URL: url.optional(),
  ALERTS_CHANNEL: z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a channel id like C0123ABCD'),
  GITHUB_TOKEN: z.string().min(1),
  GITHUB_API_URL: url.optional(),
  GITHUB_REPO: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name'),
  GITHUB_WEBHOOK_SECRET: z.string().min(1),
  WEBHOOK_SECRET: z.string().min(1),
  DATABASE_PATH: z.string().min(1).default('./data/trialbot.db'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TIMEZONE: z
    .string()
    .default('UTC')
    .refine((zone) => isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  EMAIL_FROM: z.string().email().optional(),
  MAX_ACTIVE_INSTANCES: yesNumber(100),
  TRIAL_SPACE: z.enum(['channel', 'thread']).default('channel'),
  LICENSE_ROTATION_DAYS: yesNumber(7),
  RETENTION_DAYS: yesNumber(90),
  GITHUB_CLOUD_TEAM: z
    .string()
    .regex(/^[\s,@A-Za-z0-9-]+$/, 'must be GitHub logins separated by commas')
    .optional(),
  // Whose trials these are, in every email, message and issue: nothing names a real company unless configured to.
  COMPANY_NAME: z.string().trim().min(1).max(80).default('Example Co'),
  PRODUCT_NAME: z.string().trim().min(1).max(80).default('Example Cloud'),
  /** Where the self-host email sends a prospect not offered a cloud trial; unset → the email leaves the link out. */
  SELF_HOST_URL: z.string().url().optional(),
  // Close every loop (issue 12): who is reminded, and when, in working time.
  BUSINESS_HOURS: z
    .string()
    .default('Mon-Fri 09:00-18:00')
    .refine((spec) => !('problem' in parseBusinessHours(spec)), 'must be like Mon-Fri 09:00-18:00'),
  TRIAGE_SLA_MINUTES: yesNumber(5),
  PROVISIONING_SLA_HOURS: yesNumber(24),
  /** Days after a trial ended (terminated or converted) that its channel is archived; 0 never. */
  ARCHIVE_AFTER_DAYS: z.coerce.number().int().min(0).default(14),
  /** A Slack user group (its id, S…) mentioned on Case 3 alerts instead of the inbound SDRs on duty. */
  SDR_USERGROUP: z
    .string()
    .regex(/^S[A-Z0-9]+$/, 'must be a user group id like S0123ABCD')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const schema = fields.superRefine((c, ctx) => {
  if (c.SMTP_URL && !c.EMAIL_FROM) {
    ctx.addIssue({ code: 'custom', path: ['EMAIL_FROM'], message: 'is required when SMTP_URL is set' });
  }
});

export type Config = z.infer<typeof schema>;
export type SettingName = keyof typeof fields.shape;

/** Every setting loadConfig reads, in the order of the table in the README. */
export const settingNames = Object.keys(fields.shape) as SettingName[];

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/**
 * The settings the environment gives. Empty strings count as unset: `FOO=` in an env file
 * means "not configured", to loadConfig, the job CLI and the sandbox's guard alike.
 */
export function givenSettings(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

function parse<T>(shape: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const given = givenSettings(env);
  const parsed = shape.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'configuration');
  const missing = issue?.code === 'invalid_type' && given[name] === undefined;
  throw new ConfigError(missing ? `missing required setting ${name}` : `invalid setting ${name}: ${issue.message}`);
}

/**
 * Parses the environment. The first problem becomes one line naming the
 * variable, e.g. `missing required setting SLACK_SIGNING_SECRET`; values are
 * never echoed, since most of them are secrets.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  return parse(schema, env);
}

/** The settings a job that only reads and writes the database uses: no secrets. */
export type DatabaseSettings = Pick<
  Config,
  | 'DATABASE_PATH'
  | 'TIMEZONE'
  | 'LICENSE_ROTATION_DAYS'
  | 'RETENTION_DAYS'
  | 'BUSINESS_HOURS'
  | 'TRIAGE_SLA_MINUTES'
  | 'PROVISIONING_SLA_HOURS'
  | 'SDR_USERGROUP'
  | 'ARCHIVE_AFTER_DAYS'
>;

/** What a job that only reads and writes the database needs, checked as loadConfig checks it: no secrets. */
export function loadDatabaseSettings(env: Record<string, string | undefined>): DatabaseSettings {
  return parse(
    fields.pick({
      DATABASE_PATH: true,
      TIMEZONE: true,
      LICENSE_ROTATION_DAYS: true,
      RETENTION_DAYS: true,
      BUSINESS_HOURS: true,
      TRIAGE_SLA_MINUTES: true,
      PROVISIONING_SLA_HOURS: true,
      SDR_USERGROUP: true,
      ARCHIVE_AFTER_DAYS: true,
    }),
    env,
  );
}

/** Names of the settings whose values are secrets: never logged, never shown. */
export const secretSettings = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'GITHUB_TOKEN', 'GITHUB_WEBHOOK_SECRET', 'WEBHOOK_SECRET', 'SMTP_URL'] as const;

/** The brand settings alone (the admin CLI's owner assignment sends the welcome email too). */
export function loadBrandSettings(env: Record<string, string | undefined>): Pick<Config, 'COMPANY_NAME' | 'PRODUCT_NAME' | 'SELF_HOST_URL'> {
  return parse(fields.pick({ COMPANY_NAME: true, PRODUCT_NAME: true, SELF_HOST_URL: true }), env);
}
