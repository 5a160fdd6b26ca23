// Sends the training e-mails through SMTP (nodemailer, HELPER_SMTP_URL). Off when no SMTP server
// is configured (said once in the log). A mail that cannot be sent is logged and never fails the
// training; the SMTP URL's password never reaches a log line.
// nodemailer is loaded only when an SMTP server is set (about 2.5 MB of heap otherwise for nothing).
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { AssistantRecord, TrainingRecord } from '../store/store.js';
import { trainingMail, type TrainingEvent } from './training-mail.js';

export class TrainingNotifier {
  readonly #transport: Promise<Transporter> | null;
  readonly #from: string;
  readonly #logger: Logger;
  readonly #password: string;
  readonly #sending = new Set<Promise<void>>();
  #toldOff = false;

  constructor(options: { smtpUrl?: string; from: string; logger: Logger }) {
    this.#from = options.from;
    this.#logger = options.logger;
    this.#password = options.smtpUrl ? decodeURIComponent(new URL(options.smtpUrl).password) : '';
    const smtpUrl = options.smtpUrl;
    this.#transport = smtpUrl ? import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl)) : null;
    // A transport that cannot be made fails each send (logged there), never as an unhandled rejection.
    this.#transport?.catch(() => undefined);
  }

  /** Sends in the background; `settled()` waits for what is on its way. */
  notify(assistant: AssistantRecord, training: TrainingRecord, event: TrainingEvent): void {
    const recipients = assistant.settings.notificationEmails;
    if (recipients.length === 0) return;
    if (this.#transport === null) {
      if (!this.#toldOff) this.#logger.info('training e-mails are off: set HELPER_SMTP_URL to send them');
      this.#toldOff = true;
      return;
    }
    const mail = trainingMail(assistant, training, event);
    const sending = this.#transport
      .then((transport) => transport.sendMail({ from: this.#from, to: recipients, subject: mail.subject, text: mail.text }))
      .then(() => undefined)
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.#logger.warn({ trainingId: training.id, event, reason: this.#redact(reason) }, 'a training e-mail could not be sent');
      })
      .finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  async settled(): Promise<void> {
    while (this.#sending.size > 0) await Promise.all([...this.#sending]);
  }

  close(): void {
    this.#transport?.then((transport) => transport.close()).catch(() => undefined);
  }

  #redact(text: string): string {
    return this.#password.length > 0 ? text.replaceAll(this.#password, '***') : text;
  }
}
