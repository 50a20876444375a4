import { mention, userText } from '../../core/mrkdwn.js';

/**
 * Seed 002's email rules: in the early days of a trial, offers of help; "after there is usage on the
 * instance, feel free to start checking in". The first real use (a search, or a code host and a
 * repository) is that moment, told once to the AE in the trial's space.
 */
export function firstUseNudge(t: { company: string | null; domain: string; aeId: string | null; ceId: string | null }): string {
  const who = [t.aeId, t.ceId]
    .filter((id): id is string => !!id)
    .map(mention)
    .join(' ');
  return (
    `:seedling: *${userText(t.company ?? t.domain, 150)}* is using the instance for real (a first search, or code connected).` +
    ` ${who ? `${who}: ` : ''}time to start checking in — what they are trying, and whether they need a hand.`
  );
}

/** Seed 003: usage grade A or B is a product-qualified lead. Told once, in the trial's space. */
export function pqlNudge(t: { company: string | null; domain: string; aeId: string | null; grade: string }): string {
  return (
    `:star: *${userText(t.company ?? t.domain, 150)}* reached usage grade ${t.grade}: a product-qualified lead (PQL).` +
    `${t.aeId ? ` ${mention(t.aeId)}: a good moment to talk about what buying looks like.` : ''}`
  );
}
