/**
 * Issue 10: accounts verify their e-mail address and reset a forgotten password by a link sent
 * through the mail transport (nodemailer → a real SMTP server this test starts, smtp-server),
 * and an invitation is accepted only by a verified account. Without SMTP_URL the link goes to
 * the server log.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { Role } from '../src/access/role.enum.js';
import { validateConfig } from '../src/config/config.js';
import { MailService } from '../src/mail/mail.service.js';
import { createAssessment, createInvitation } from './factories/assessment.factory.js';
import { createExercise } from './factories/exercise.factory.js';
import { LOGIN, REGISTER, signedInUser, userInput } from './factories/user.factory.js';
import { startTestApi, type TestApi } from './support/test-app.js';

interface Received {
  to: string[];
  raw: string;
}

/** The text of a message: quoted-printable soft breaks and escapes undone (nodemailer encodes long lines). */
const decode = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const tokenIn = (m: Received, path: string) => {
  const match = new RegExp(`http://dojo\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(decode(m.raw));
  if (!match) throw new Error(`no ${path} link in:\n${m.raw}`);
  return match[1]!;
};

const ME = '{ me { email emailVerifiedAt } }';
const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) { email emailVerifiedAt } }';
const START = 'mutation($t: String!) { startAssessment(token: $t) { invitationId } }';

describe('e-mail verification and password reset through SMTP', () => {
  let api: TestApi;
  let smtp: SMTPServer;
  const inbox: Received[] = [];

  /** The next message to `to`, waiting up to 10 s for it to arrive. */
  async function mailTo(to: string, after = 0): Promise<Received> {
    const until = Date.now() + 10_000;
    for (;;) {
      const found = inbox.slice(after).find((m) => m.to.includes(to.toLowerCase()));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no mail to ${to}; inbox: ${inbox.map((m) => m.to.join()).join('; ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          inbox.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    api = await startTestApi({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Dojo <dojo@dojo.test>',
      PUBLIC_URL: 'http://dojo.test',
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends a verification link at registration; an invitation waits for it', async () => {
    const input = userInput();
    const registered = await api.gql<{ register: { token: string } }>(REGISTER, { input });
    const session = registered.data!.register.token;
    const mail = await mailTo(input.email);
    expect(decode(mail.raw)).toMatch(/^From: Dojo <dojo@dojo\.test>/m);
    expect(decode(mail.raw)).toMatch(/^Subject: Verify your e-mail address/m);
    const token = tokenIn(mail, '/verify-email');
    expect(
      (await api.gql<{ me: { emailVerifiedAt: string | null } }>(ME, {}, session)).data!.me.emailVerifiedAt,
    ).toBeNull();

    // Invited at this very address, but not verified yet: the invitation stays unopened.
    const db = api.app.get(DataSource);
    const manager = await signedInUser(api, Role.HIRING_MANAGER);
    const { version } = await createExercise(db);
    const assessment = await createAssessment(db, { manager: manager.user, versions: [version] });
    const { invitation, token: link } = await createInvitation(db, assessment, { email: input.email });
    const refused = await api.gql(START, { t: link }, session);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'EMAIL_NOT_VERIFIED', field: 'token' });

    const verified = await api.gql<{ verifyEmail: { email: string; emailVerifiedAt: string } }>(VERIFY, { t: token });
    expect(verified.data!.verifyEmail.email).toBe(input.email.toLowerCase());
    expect(Date.now() - Date.parse(verified.data!.verifyEmail.emailVerifiedAt)).toBeLessThan(60_000);
    const opened = await api.gql<{ startAssessment: { invitationId: string } }>(START, { t: link }, session);
    expect(opened.data!.startAssessment.invitationId).toBe(invitation.id);

    // A link works once.
    const again = await api.gql(VERIFY, { t: token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('sends a new verification link on request; the older one stops working; none once verified', async () => {
    const input = userInput();
    const session = (await api.gql<{ register: { token: string } }>(REGISTER, { input })).data!.register.token;
    const first = tokenIn(await mailTo(input.email), '/verify-email');
    const count = inbox.length;
    const asked = await api.gql<{ requestEmailVerification: boolean }>(
      'mutation { requestEmailVerification }',
      {},
      session,
    );
    expect(asked.data!.requestEmailVerification).toBe(true);
    const second = tokenIn(await mailTo(input.email, count), '/verify-email');
    expect(second).not.toBe(first);
    expect((await api.gql(VERIFY, { t: first })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await api.gql(VERIFY, { t: second })).errors).toBeUndefined();
    const done = await api.gql('mutation { requestEmailVerification }', {}, session);
    expect(done.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('resets a forgotten password by link: the sessions end, the new password signs in', async () => {
    const input = userInput();
    const session = (await api.gql<{ register: { token: string } }>(REGISTER, { input })).data!.register.token;
    await mailTo(input.email);
    const count = inbox.length;

    // An unknown address gets the same answer and no mail.
    const unknown = await api.gql<{ requestPasswordReset: boolean }>(
      'mutation($e: String!) { requestPasswordReset(email: $e) }',
      { e: 'nobody-here@example.com' },
    );
    expect(unknown.data!.requestPasswordReset).toBe(true);
    const asked = await api.gql<{ requestPasswordReset: boolean }>(
      'mutation($e: String!) { requestPasswordReset(email: $e) }',
      { e: input.email.toUpperCase() },
    );
    expect(asked.data!.requestPasswordReset).toBe(true);
    const mail = await mailTo(input.email, count);
    expect(inbox.slice(count).some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);
    const token = tokenIn(mail, '/reset-password');

    const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) }';
    const weak = await api.gql(RESET, { i: { token, newPassword: 'password' } });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    const reset = await api.gql<{ resetPassword: boolean }>(RESET, {
      i: { token, newPassword: 'a new long passphrase' },
    });
    expect(reset.data!.resetPassword).toBe(true);

    expect((await api.gql(ME, {}, session)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const old = await api.gql(LOGIN, { input: { email: input.email, password: input.password } });
    expect(old.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await api.gql<{ login: { token: string } }>(LOGIN, {
      input: { email: input.email, password: 'a new long passphrase' },
    });
    // Opening the link proved the address too.
    const me = await api.gql<{ me: { emailVerifiedAt: string | null } }>(ME, {}, signedIn.data!.login.token);
    expect(me.data!.me.emailVerifiedAt).not.toBeNull();
    const reused = await api.gql(RESET, { i: { token, newPassword: 'yet another passphrase' } });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  it('without SMTP_URL writes the link to the server log instead', async () => {
    const config = validateConfig({ ...process.env, SMTP_URL: '', PUBLIC_URL: 'http://dojo.test' });
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const sent = await new MailService(config).send({
        to: 'someone@example.com',
        subject: 'Verify',
        text: 'x',
        link: 'http://dojo.test/verify-email?token=abc',
      });
      expect(sent).toBe(false);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain(
        'someone@example.com not sent; its link: http://dojo.test/verify-email?token=abc',
      );
    } finally {
      log.mockRestore();
    }
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://, naming it', () => {
    expect(() => validateConfig({ ...process.env, SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/);
  });
});
