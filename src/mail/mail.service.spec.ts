import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { validateConfig } from '../config/config.js';
import { MailService } from './mail.service.js';

const mail = {
  to: 'ada@example.com',
  subject: 'Verify',
  text: 'Open https://dojo.test/x',
  link: 'https://dojo.test/x',
};

/** A transport that records what it was handed instead of opening a connection. */
function fakeTransport() {
  const transport = { sendMail: jest.fn(async (_message: object) => ({})), close: jest.fn() };
  const create = jest.spyOn(nodemailer, 'createTransport').mockReturnValue(transport as unknown as Transporter);
  return { transport, create };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('MailService', () => {
  it('writes the link to the server log and reports it unsent when no SMTP_URL is set', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const { create } = fakeTransport();
    const sut = new MailService(validateConfig({}));
    await expect(sut.send(mail)).resolves.toBe(false);
    expect(create).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('its link: https://dojo.test/x'));
    sut.onModuleDestroy();
  });

  it('hands the mail to the SMTP server from MAIL_FROM, and closes the transport on shutdown', async () => {
    const { transport, create } = fakeTransport();
    const sut = new MailService(
      validateConfig({ SMTP_URL: 'smtp://mail.example.com:587', MAIL_FROM: 'Dojo <dojo@example.com>' }),
    );
    expect(create).toHaveBeenCalledWith('smtp://mail.example.com:587');
    await expect(sut.send(mail)).resolves.toBe(true);
    expect(transport.sendMail).toHaveBeenCalledWith({
      from: 'Dojo <dojo@example.com>',
      to: 'ada@example.com',
      subject: 'Verify',
      text: 'Open https://dojo.test/x',
    });
    sut.onModuleDestroy();
    expect(transport.close).toHaveBeenCalled();
  });

  it('lets a refused send fail the caller (registration logs it; a request for a new link reports it)', async () => {
    const { transport } = fakeTransport();
    transport.sendMail.mockRejectedValue(new Error('550 mailbox unavailable'));
    const sut = new MailService(validateConfig({ SMTP_URL: 'smtp://mail.example.com' }));
    await expect(sut.send(mail)).rejects.toThrow('550 mailbox unavailable');
  });

  it('builds links on PUBLIC_URL without a doubled slash, else on localhost and PORT', () => {
    expect(
      new MailService(validateConfig({ PUBLIC_URL: 'https://dojo.example.com/' })).url('/verify-email?token=t'),
    ).toBe('https://dojo.example.com/verify-email?token=t');
    expect(new MailService(validateConfig({ PORT: '4100' })).url('/reset-password?token=t')).toBe(
      'http://localhost:4100/reset-password?token=t',
    );
  });
});
