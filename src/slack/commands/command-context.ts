import type { Config } from '../../config.js';
import type { Db } from '../../db/open-database.js';
import type { Block } from '../../messages/slack/block-kit.js';

/** Who typed `/trial`, where, and when. */
export interface CommandContext {
  db: Db;
  config: Config;
  user: string;
  channel: string;
  /** Identifies this one command (Slack's trigger id): a resend of it changes nothing twice. */
  submission: string;
  now: Date;
}

/** The ephemeral answer to the person who typed the command. */
export interface CommandAnswer {
  text: string;
  blocks?: Block[];
}
