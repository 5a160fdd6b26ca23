// The pieces every push channel wires around its OutboxSender: its credential read per assistant,
// the needs-a-new-token flag, and the sender's life with the app (resumed when ready, stopped on
// close, so answers acknowledged before a stop are sent after the next start).
import type { FastifyInstance } from 'fastify';
import type { ChannelContext } from '../channel.js';
import { flagNeedsNewToken } from './channel-secrets.js';
import type { OutboxSender } from './outbox-sender.js';

/** The assistant's credential (a token secret), in plaintext; undefined when none is set or the assistant is gone. */
export function credentialOf(context: ChannelContext, tokenSecret: string): (assistantId: number) => Promise<string | undefined> {
  return async (assistantId) => {
    const assistant = await context.assistantById(assistantId);
    return assistant ? context.secret(assistant, tokenSecret) : undefined;
  };
}

/** The sender's `markNeedsNewToken`: flags the integration while the refused token is still the one set. */
export function needsNewTokenMarker(context: ChannelContext, names: { token: string; flag: string }): (assistantId: number, reason: string, token: string) => Promise<void> {
  return async (assistantId, reason, token) => {
    const assistant = await context.assistantById(assistantId);
    if (assistant) await flagNeedsNewToken(context, assistant, names, token, reason);
  };
}

/** Resumes the sender's pending answers once the app is ready, and stops it (leaving the rest stored) on close. */
export function attachSender(scope: FastifyInstance, sender: OutboxSender, channel: string): void {
  scope.addHook('onReady', async () => {
    void sender.resume().catch((error: unknown) => scope.log.error({ err: error }, `${channel}: pending answers could not be resumed`));
  });
  scope.addHook('onClose', async () => {
    await sender.stop();
  });
}
