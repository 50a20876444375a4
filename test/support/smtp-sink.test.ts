import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

describe('smtp sink', () => {
  let sink: SmtpSink | undefined;
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  it('receives what nodemailer sends through its url and parses the fields', async () => {
    sink = await startSmtpSink();
    const transport = createTransport(sink.url);
    await transport.sendMail({
      from: 'Trials <trials@trialbot.test>',
      to: 'Pat Prospect <pat@acme.test>',
      cc: ['ae@corp.test', 'ce@corp.test'],
      bcc: 'audit@corp.test',
      subject: 'Welcome to your trial',
      text: 'Hello Pat',
      html: '<p>Hello <b>Pat</b></p>',
    });
    transport.close();

    const message = await sink.waitFor((m) => m.subject === 'Welcome to your trial');
    expect(message.from).toBe('trials@trialbot.test');
    expect(message.to).toEqual(['pat@acme.test']);
    expect(message.cc).toEqual(['ae@corp.test', 'ce@corp.test']);
    expect(message.envelopeTo).toContain('audit@corp.test');
    expect(message.text.trim()).toBe('Hello Pat');
    expect(message.html).toContain('<b>Pat</b>');
    expect(message.messageId).toMatch(/^<.+@.+>$/);
    expect(message.raw).toContain('Subject: Welcome to your trial');
    expect(sink.messages).toHaveLength(1);
  });

  it('takes mail only from a session logged in with its credentials, and says who that was', async () => {
    sink = await startSmtpSink({ user: 'trialbot', password: 'p@ss:word' });
    const mail = { from: 'trials@trialbot.test', to: 'pat@acme.test', subject: 'Hi', text: 'Hello' };
    const wrong = createTransport(sink.url.replace('p%40ss%3Aword', 'guess'));
    await expect(wrong.sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
    wrong.close();
    const anonymous = createTransport(sink.url.replace(/\/\/[^@]+@/, '//'));
    await expect(anonymous.sendMail(mail)).rejects.toMatchObject({ responseCode: 530 });
    anonymous.close();
    const right = createTransport(sink.url);
    await right.sendMail(mail);
    right.close();
    expect(sink.messages.map((m) => m.authUser)).toEqual(['trialbot']);
  });

  it('waitFor rejects when nothing matching arrives', async () => {
    sink = await startSmtpSink();
    await expect(sink.waitFor(() => true, 50)).rejects.toThrow(/no matching email/);
  });
});
