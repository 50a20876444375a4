import type { WebClient } from '@slack/web-api';
import { renderFunnelChart } from '../../messages/charts/funnel-chart.js';
import { weeklyDigestChart, weeklyDigestChartAltText, weeklyDigestMessage } from '../../messages/slack/weekly-digest.js';
import type { Block } from '../../messages/slack/block-kit.js';
import { loadWeeklyDigest } from '../../stores/views/weekly-digest-view.js';
import { defineEffect, type EffectContext } from '../effect-handler.js';
import { resolveDestination, type Destination, type ResolvedDestination } from './slack-messages.js';

/** What an upload shows: drawn when it is sent, from the state as it is then. */
export type UploadDocument = { kind: 'weekly-digest'; week: string };

export interface FileUploadPayload {
  to: Destination;
  document: UploadDocument;
}

interface RenderedUpload {
  title: string;
  altText: string;
  bytes: Buffer;
  blocks: Block[];
}

async function render(document: UploadDocument, ctx: EffectContext): Promise<RenderedUpload> {
  const view = loadWeeklyDigest(ctx.db, document.week, ctx.config.TIMEZONE, ctx.now());
  const chart = weeklyDigestChart(view);
  return { title: chart.title, altText: weeklyDigestChartAltText(view), bytes: await renderFunnelChart(chart), blocks: weeklyDigestMessage(view).blocks };
}

/** The file's name carries the effect's key: what a retry looks for to know whether the upload already went through. */
export function uploadFilename(effectKey: string): string {
  return `${effectKey.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.png`;
}

/** A message in `where` since `since` (less a minute of clock skew) carrying a file named `filename`: its file id. */
export async function findUploadedFile(slack: WebClient, where: ResolvedDestination, filename: string, since: Date): Promise<string | undefined> {
  const oldest = String((since.getTime() - 60_000) / 1000);
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const answer = where.threadTs
      ? await slack.conversations.replies({ channel: where.channel, ts: where.threadTs, oldest, limit: 200, cursor })
      : await slack.conversations.history({ channel: where.channel, oldest, limit: 200, cursor });
    for (const m of answer.messages ?? []) {
      const file = (m as { files?: Array<{ id?: string; name?: string }> }).files?.find((f) => f.name === filename);
      if (file?.id) return file.id;
    }
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

/**
 * An image with its message, in one post (files.uploadV2: upload URL, the bytes, then the
 * share with the blocks). Once only: a retry after a lost answer first looks for the file by
 * its name, which carries the effect key.
 */
export const fileUpload = defineEffect<FileUploadPayload, { channel: string; fileId: string }>({
  kind: 'slack.upload',
  // The share is a message in the channel: it waits its turn with the channel's other posts.
  rateKey: (p, { config }) =>
    `chat.postMessage:${'channel' in p.to ? p.to.channel : 'alerts' in p.to ? config.ALERTS_CHANNEL : 'user' in p.to ? p.to.user : 'space'}`,
  channel: (p) => ('alerts' in p.to ? '$alerts' : 'channel' in p.to ? p.to.channel : undefined),
  async perform(p, ctx) {
    const where = await resolveDestination(p.to, ctx);
    const filename = uploadFilename(ctx.effect.key);
    if (ctx.retrying) {
      const fileId = await findUploadedFile(ctx.slack, where, filename, new Date(ctx.effect.created_at));
      if (fileId) return { channel: where.channel, fileId };
    }
    const doc = await render(p.document, ctx);
    const file = { file: doc.bytes, filename, title: doc.title, alt_text: doc.altText, blocks: doc.blocks };
    const answer = await ctx.slack.filesUploadV2(
      where.threadTs ? { ...file, channel_id: where.channel, thread_ts: where.threadTs } : { ...file, channel_id: where.channel },
    );
    const uploaded = (answer.files as Array<{ files?: Array<{ id?: string }> }> | undefined)?.[0]?.files?.[0]?.id;
    return { channel: where.channel, fileId: uploaded ?? '' };
  },
});
