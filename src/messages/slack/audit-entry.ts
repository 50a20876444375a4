import { mention, userText } from '../../core/mrkdwn.js';

/** A Slack user id is shown as the person (Slack draws the name); the bot's own actors as words. */
export const actorText = (actor: string): string =>
  /^[UW][A-Z0-9]{2,}$/.test(actor) ? mention(actor) : actor === 'cli' ? 'an admin' : actor === 'github' ? 'the cloud team' : userText(actor, 40);

/** An audit detail as people read it: escaped, with its `<@U…>` mentions kept as mentions. */
export const auditDetail = (detail: string, max = 300): string =>
  userText(detail, max).replace(/&lt;@([UW][A-Z0-9]{2,})&gt;/g, (_m, id: string) => mention(id));
