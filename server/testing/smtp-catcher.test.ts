import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { SMTP_PASSWORD, SMTP_USER, startSmtpCatcher, type SmtpCatcher } from './smtp-catcher.ts';

describe('the tests’ SMTP server', () => {
  let catcher: SmtpCatcher;
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
  });
  afterAll(() => catcher.close());

  const send = (password = SMTP_PASSWORD, to = 'asha@example.in') =>
    nodemailer
      .createTransport({
        host: '127.0.0.1',
        port: catcher.port,
        secure: false,
        ignoreTLS: true,
        auth: { user: SMTP_USER, pass: password },
      })
      .sendMail({
        from: 'billing@kloudnests.in',
        to,
        subject: 'Confirm your email',
        text: 'Open https://kloudnests.localhost/verify-email?token=abc123 to confirm.',
        html: '<p>Open the link</p>',
      });

  it('keeps what it accepted, parsed, and finds a link in it', async () => {
    const info = await send();
    expect(info.response).toMatch(/^250 Message queued as \d+/);
    const [mail] = await catcher.mailsTo('asha@example.in');
    expect(mail!.subject).toBe('Confirm your email');
    expect(mail!.html).toContain('<p>Open the link</p>');
    expect(mail!.envelopeFrom).toBe('billing@kloudnests.in');
    expect(await catcher.linkTo('asha@example.in', /token=(\w+)/)).toBe('abc123');
  });

  it('refuses the messages it is told to, with the code given, then accepts again', async () => {
    catcher.refuseNext(1, 451);
    await expect(send(SMTP_PASSWORD, 'ravi@example.in')).rejects.toMatchObject({
      responseCode: 451,
    });
    await send(SMTP_PASSWORD, 'ravi@example.in');
    expect(await catcher.mailsTo('ravi@example.in')).toHaveLength(1);
  });

  it('asks for the password', async () => {
    await expect(send('wrong')).rejects.toMatchObject({ responseCode: 535 });
  });
});
