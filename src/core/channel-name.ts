// Slack channel names for trial spaces: `cloud-trial-<slug>`. Slack accepts
// lowercase letters, digits, '-' and '_', at most 80 characters.

export const TRIAL_SPACE_PREFIX = 'cloud-trial-';
export const MAX_CHANNEL_NAME = 80;
/** Room for a `-NN` suffix when the name is taken. */
export const MAX_BASE = 76;

// Letters that NFKD does not decompose into ASCII plus marks.
const TRANSLITERATE: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
  ĸ: 'k',
};

function trimSeparators(s: string): string {
  return s.replace(/^[-_]+|[-_]+$/g, '');
}

export function slugify(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/[ßæœøđðłþıħŧŀĸ]/g, (c) => TRANSLITERATE[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/[-_]{2,}/g, (run) => (run.includes('-') ? '-' : '_'));
  return trimSeparators(folded);
}

function firstLabel(domain: string): string {
  return (
    domain
      .trim()
      .toLowerCase()
      .split('.')
      .find((label) => label !== '') ?? ''
  );
}

/**
 * The preferred channel name for a trial: from the account name when there is
 * one, else the first label of the domain (acme-corp.co.uk → acme-corp).
 */
export function trialSpaceBase(accountName: string | null, domain: string): string {
  const fromName = accountName ? slugify(accountName) : '';
  // A name made only of emoji or punctuation says nothing; the domain still does.
  const slug = fromName || slugify(firstLabel(domain)) || 'trial';
  const capped = trimSeparators(slug.slice(0, MAX_BASE - TRIAL_SPACE_PREFIX.length)) || 'trial';
  return TRIAL_SPACE_PREFIX + capped;
}

/** The name to try on the `attempt`-th try (1 → base, 2 → base-2, …), never over 80 characters. */
export function candidateName(base: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number ≥ 1: ${attempt}`);
  const suffix = attempt === 1 ? '' : `-${attempt}`;
  const room = MAX_CHANNEL_NAME - suffix.length;
  const stem = base.length > room ? trimSeparators(base.slice(0, room)) : base;
  return stem + suffix;
}
