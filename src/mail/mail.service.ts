import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The link the mail carries: written to the server log when no transport is configured. */
  link: string;
}

/**
 * Sends the service's e-mails through the SMTP server named by SMTP_URL (nodemailer). With none
 * configured, the link is written to the server log instead, so a local install still works.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('mail');
  private readonly transport: Transporter | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined;
  }

  /** The absolute URL of a path of the web app, for links in e-mails. */
  url(path: string): string {
    return `${this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`}`.replace(/\/$/, '') + path;
  }

  /** True when the mail was handed to the SMTP server; false when it went to the log (no transport). */
  async send(mail: Mail): Promise<boolean> {
    if (!this.transport) {
      this.logger.log(`No SMTP_URL: "${mail.subject}" for ${mail.to} not sent; its link: ${mail.link}`);
      return false;
    }
    await this.transport.sendMail({ from: this.config.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
    return true;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
