import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../src/fakes/slack-api.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

const slackError = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

async function expectSlackError(p: Promise<unknown>, code: string): Promise<void> {
  const outcome = await p.then(
    () => 'no error',
    (err: unknown) => slackError(err) ?? String(err),
  );
  expect(outcome).toBe(code);
}

const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255, 13, 10, 45, 45]);

describe('file uploads on the Slack fake, through @slack/web-api (files.uploadV2)', () => {
  let fake: FakeSlack;
  let web: WebClient;
  let channel: string;

  beforeEach(async () => {
    fake = await FakeSlack.start();
    web = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, logger: silent, retryConfig: { retries: 0 } });
    channel = fake.createChannel({ name: 'cloud-trial-alerts' }).id;
  });
  afterEach(async () => fake.close());

  it('keeps the bytes and shows them as one message with the file and the blocks in the channel', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Weekly trial digest*' } }];
    const answer = await web.filesUploadV2({ channel_id: channel, file: bytes, filename: 'chart.png', title: 'Trial funnel', alt_text: 'A bar chart', blocks });
    const id = (answer.files as Array<{ files: Array<{ id: string }> }>)[0]!.files[0]!.id;

    const [message, ...rest] = fake.messagesIn(channel);
    expect(rest).toEqual([]);
    expect(message!.blocks).toEqual(blocks);
    expect(message!.files).toEqual([expect.objectContaining({ id, name: 'chart.png', title: 'Trial funnel', mimetype: 'image/png', size: bytes.length })]);
    expect(fake.filesIn(channel).map((f) => f.bytes)).toEqual([bytes]);
    expect(fake.file(id)).toMatchObject({ altText: 'A bar chart', completed: true, channels: [channel] });

    // The history carries the file, as Slack's does; its url_private serves the bytes.
    const history = await web.conversations.history({ channel });
    const listed = (history.messages![0] as { files?: Array<{ name: string; url_private: string }> }).files!;
    expect(listed.map((f) => f.name)).toEqual(['chart.png']);
    const download = await fetch(listed[0]!.url_private);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
  });

  it('an initial comment wins over blocks, as Slack documents', async () => {
    await web.filesUploadV2({
      channel_id: channel,
      content: 'a,b\n1,2\n',
      filename: 'report.csv',
      initial_comment: 'The report',
      blocks: [{ type: 'divider' }],
    });
    expect(fake.messagesIn(channel)[0]).toMatchObject({ text: 'The report' });
    expect(fake.messagesIn(channel)[0]!.blocks).toBeUndefined();
    expect(fake.filesIn(channel)[0]!.bytes!.toString()).toBe('a,b\n1,2\n');
  });

  it('refuses what Slack refuses: no length, a file never uploaded or shared twice, a channel the bot is not in', async () => {
    await expectSlackError(web.files.getUploadURLExternal({ filename: 'x.png', length: 0 }), 'invalid_arguments');
    const { file_id } = await web.files.getUploadURLExternal({ filename: 'x.png', length: 3 });
    await expectSlackError(web.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: channel }), 'file_not_found');
    const elsewhere = fake.createChannel({ name: 'private-room', botIsMember: false }).id;
    await expectSlackError(web.filesUploadV2({ channel_id: elsewhere, file: bytes, filename: 'y.png' }), 'not_in_channel');
    expect(fake.messagesIn(channel)).toEqual([]);
    expect(fake.messagesIn(elsewhere)).toEqual([]);
  });

  it('a snapshot keeps the files, so a restarted sandbox still shows them', async () => {
    await web.filesUploadV2({ channel_id: channel, file: bytes, filename: 'chart.png' });
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot()));
    const other = await FakeSlack.start();
    try {
      other.restore(snapshot);
      expect(other.filesIn(channel).map((f) => f.bytes)).toEqual([bytes]);
    } finally {
      await other.close();
    }
  });
});
