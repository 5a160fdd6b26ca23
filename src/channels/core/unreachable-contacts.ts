// A user the platform says cannot be reached (Telegram's 403: the bot was blocked; Messenger's
// 551: "this person isn't available right now"): the failed send is recorded as `blocked`, the
// contact is marked unreachable, and what is still pending for that user is dropped without a
// call, until the user writes again (the inbound dispatcher's touchContact clears the mark).
import type { OutboundMessage, Store } from '../../store/store.js';
import { deliveryReason } from './delivery-reason.js';
import type { DeliveryOutcome, TransportRefusal } from './outbox-sender.js';

type Contacts = Pick<Store['channels'], 'contact'>;

/** The transport's `refusal`: an item for a contact marked unreachable is dropped, unrecorded. */
export async function unreachableRefusal(contacts: Contacts, channel: string, item: OutboundMessage): Promise<TransportRefusal | undefined> {
  const contact = await contacts.contact(item.assistantId, channel, item.recipient);
  if (contact?.unreachableSince === null || contact?.unreachableSince === undefined) return undefined;
  return {
    status: 'blocked',
    reason: `the user cannot be reached (${contact.unreachableReason ?? 'blocked'}); tried again once they write`,
    reasonCode: deliveryReason('blocked', { message: contact.unreachableReason ?? undefined }),
    record: false,
  };
}

/** The sender's `record`: `record` the outcome, then mark the contact of a `blocked` one unreachable. */
export function recordMarkingUnreachable(
  records: Pick<Store['channels'], 'markUnreachable'>,
  channel: string,
  record: (outcome: DeliveryOutcome) => Promise<void>,
): (outcome: DeliveryOutcome) => Promise<void> {
  return async (outcome) => {
    await record(outcome);
    if (outcome.status !== 'blocked') return;
    const reason = typeof outcome.detail?.['reason'] === 'string' ? outcome.detail['reason'] : 'blocked';
    await records.markUnreachable(outcome.item.assistantId, channel, outcome.item.recipient, Date.now() / 1000, reason);
  };
}
