import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/**
 * The baseline: the same @slack/bolt and HTTPReceiver as trialbot, one listener per
 * request kind that only acknowledges. What trialbot adds on top of it is its own cost.
 */
export async function startMinimalBolt(opts: { signingSecret: string; token: string; slackApiUrl: string }): Promise<{ url: string; close(): Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: ['/slack/events'],
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({ token: opts.token, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: opts.slackApiUrl } });
  app.command('/trial', async ({ ack }) => ack());
  app.action('trial_qualify', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await app.stop();
    },
  };
}
