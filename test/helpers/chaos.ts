// Crash safety, measured: load through the balancer while app processes are killed (SIGKILL) and
// started again, then every acknowledgement checked against the store. Used by
// test/crash-safety-*.test.ts (a bounded run) and `npm run bench:chaos` (the full one).
//
// - REST senders each send one message after another (the next once the previous is answered),
//   each message marked `#<sender>.<n>`, and remember which got a 200. Afterwards: every message
//   that got a 200 is in its conversation exactly once, in the order sent; no message (answered or
//   not) is there twice. A message without a 200 may or may not be there (the process died after
//   recording it): that is what "unacknowledged" means, and the client would send it again.
// - Messenger users post signed webhook events as Meta does, redelivering the same event (same
//   `mid`) until it gets a 200. Afterwards, once the outbox is empty: each event is recorded once,
//   and the Graph API stand-in received every answer the store recorded for that user, in order,
//   each once: the answers and what was received are aligned on their longest common
//   subsequence, so one answer missing or sent twice counts once (not as every text after it).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signMetaBody } from '../../src/channels/core/meta-signature.js';
import type { Store } from '../../src/store/store.js';
import { chatMessages } from '../../bench/chat-messages.js';
import { metaJson } from './wait-for.js';

export interface RestLoadResult {
  sent: number;
  acknowledged: number;
  /** Of the acknowledged: found once each. */
  found: number;
  /** Messages (acknowledged or not) recorded more than once. */
  duplicated: number;
  /** Acknowledged, and not in the store. */
  lost: number;
  /** Acknowledged messages found out of the order they were sent in. */
  outOfOrder: number;
  /** Not acknowledged (an error, a 5xx, a cut connection), and whether the store has them anyway. */
  unacknowledged: number;
  unacknowledgedRecorded: number;
}

const MARK = /#(c\d+\.\d+)$/;

/** Sends as `senders` REST users until `until()` says stop; resolves with what was acknowledged. */
export async function restLoad(baseUrl: string, senders: number, until: () => boolean, prefix: string): Promise<Map<string, { acked: string[]; unacked: string[] }>> {
  const next = chatMessages(7);
  const results = new Map<string, { acked: string[]; unacked: string[] }>();
  await Promise.all(
    Array.from({ length: senders }, async (_, index) => {
      const sender = `${prefix}-${index}`;
      const record = { acked: [] as string[], unacked: [] as string[] };
      results.set(sender, record);
      for (let n = 0; !until(); n++) {
        const mark = `c${index}.${n}`;
        const ok = await fetch(`${baseUrl}/webhooks/rest/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sender, message: `${next()} #${mark}` }),
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (response) => {
            await response.arrayBuffer().catch(() => undefined);
            return response.status === 200;
          },
          () => false,
        );
        (ok ? record.acked : record.unacked).push(mark);
        // A refused connection (every process down for a moment) is not worth hammering.
        if (!ok) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  return results;
}

/** Checks every REST sender's acknowledgements against the store. */
export async function checkRest(store: Store, assistantId: number, results: Map<string, { acked: string[]; unacked: string[] }>): Promise<RestLoadResult> {
  const outcome: RestLoadResult = { sent: 0, acknowledged: 0, found: 0, duplicated: 0, lost: 0, outOfOrder: 0, unacknowledged: 0, unacknowledgedRecorded: 0 };
  for (const [sender, { acked, unacked }] of results) {
    const events = await store.conversations.events(assistantId, sender);
    const recorded = events.flatMap((stored) => {
      const event = stored.event as { event?: string; text?: unknown };
      const mark = event.event === 'user' && typeof event.text === 'string' ? MARK.exec(event.text)?.[1] : undefined;
      return mark ? [mark] : [];
    });
    const counts = new Map<string, number>();
    for (const mark of recorded) counts.set(mark, (counts.get(mark) ?? 0) + 1);
    outcome.sent += acked.length + unacked.length;
    outcome.acknowledged += acked.length;
    outcome.unacknowledged += unacked.length;
    for (const count of counts.values()) if (count > 1) outcome.duplicated += count - 1;
    for (const mark of acked) {
      if (counts.get(mark) === undefined) outcome.lost++;
      else outcome.found++;
    }
    for (const mark of unacked) if (counts.has(mark)) outcome.unacknowledgedRecorded++;
    // The acknowledged ones, as recorded, must keep the order they were sent in.
    const ackedSet = new Set(acked);
    const order = recorded.filter((mark) => ackedSet.has(mark));
    const unique = order.filter((mark, position) => order.indexOf(mark) === position);
    unique.forEach((mark, position) => {
      if (acked.filter((sent) => unique.includes(sent))[position] !== mark) outcome.outOfOrder++;
    });
  }
  return outcome;
}

/** A local stand-in for the Messenger Send API that records every message it accepts. */
export interface GraphSink {
  url: string;
  /** Accepted message texts per recipient, in arrival order. */
  texts: Map<string, string[]>;
  /** Every accepted call per recipient, in arrival order: a sender action's name, or `text: …` for a message. */
  calls: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startGraphSink(): Promise<GraphSink> {
  const texts = new Map<string, string[]>();
  const calls = new Map<string, string[]>();
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      try {
        const body = JSON.parse(raw) as { recipient?: { id?: string }; message?: { text?: string; attachment?: unknown }; sender_action?: string };
        const recipient = body.recipient?.id ?? '?';
        const call = body.sender_action ?? `text: ${body.message?.text ?? '(attachment)'}`;
        calls.set(recipient, [...(calls.get(recipient) ?? []), call]);
        if (body.message) {
          const attachment = body.message.attachment as { payload?: { text?: unknown } } | undefined;
          // Texts only (a text, or a button template's): images and files carry no text to match.
          const text = body.message.text ?? (typeof attachment?.payload?.text === 'string' ? attachment.payload.text : undefined);
          if (text !== undefined) texts.set(recipient, [...(texts.get(recipient) ?? []), text]);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ recipient_id: recipient, message_id: `m_${randomBytes(6).toString('hex')}` }));
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    texts,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface MessengerLoadResult {
  /** Events posted (each until Meta's 200), and their deliveries counting redeliveries. */
  events: number;
  deliveries: number;
  acknowledged: number;
  /** Events recorded more than once. */
  duplicated: number;
  /** Acknowledged events not recorded. */
  lost: number;
  /** Acknowledged events recorded out of the order they were sent in (each user sends the next once the previous got its 200). */
  outOfOrder: number;
  /** Answers the store recorded for the users, and what the Send API stand-in received of them. */
  answers: number;
  sendsDelivered: number;
  sendsDuplicated: number;
  sendsLost: number;
}

export const CHAOS_PAGE_ID = '4242';

/**
 * Posts as `users` Messenger users (signed with `appSecret`) until `until()`; each event redelivered
 * until a 200, as Meta does. `text` may choose a user's n-th message (else a varied chat message).
 */
export async function messengerLoad(
  baseUrl: string,
  appSecret: string,
  users: number,
  until: () => boolean,
  prefix: string,
  text?: (n: number) => string | undefined,
): Promise<{ acked: Map<string, string[]>; deliveries: number; events: number }> {
  const next = chatMessages(11);
  const acked = new Map<string, string[]>();
  let deliveries = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: users }, async (_, index) => {
      const psid = `${prefix}${index}`;
      const mids: string[] = [];
      acked.set(psid, mids);
      for (let n = 0; !until(); n++) {
        const mid = `m.${psid}.${n}`;
        const raw = metaJson({
          object: 'page',
          entry: [{ id: CHAOS_PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: CHAOS_PAGE_ID }, timestamp: Date.now(), message: { mid, text: text?.(n) ?? next() } }] }],
        });
        events++;
        // Meta retries an unacknowledged event; here, at most 50 times (then the run has failed anyway).
        for (let attempt = 0; attempt < 50; attempt++) {
          deliveries++;
          const ok = await fetch(`${baseUrl}/webhooks/facebook/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(appSecret, raw) },
            body: raw,
            signal: AbortSignal.timeout(30_000),
          }).then(
            async (response) => {
              await response.arrayBuffer().catch(() => undefined);
              return response.status === 200;
            },
            () => false,
          );
          if (ok) {
            mids.push(mid);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  return { acked, deliveries, events };
}

/** Checks the Messenger users' events and answers against the store and the Send API stand-in. */
export async function checkMessenger(store: Store, assistantId: number, load: { acked: Map<string, string[]>; deliveries: number; events: number }, graph: GraphSink): Promise<MessengerLoadResult> {
  const outcome: MessengerLoadResult = { events: load.events, deliveries: load.deliveries, acknowledged: 0, duplicated: 0, lost: 0, outOfOrder: 0, answers: 0, sendsDelivered: 0, sendsDuplicated: 0, sendsLost: 0 };
  for (const [psid, mids] of load.acked) {
    const events = (await store.conversations.events(assistantId, psid)).map((stored) => stored.event as { event?: string; text?: unknown; metadata?: { message_id?: unknown }; message_id?: unknown });
    const recordedMids = events.flatMap((event) => (event.event === 'user' && typeof event.message_id === 'string' ? [event.message_id] : []));
    const counts = new Map<string, number>();
    for (const mid of recordedMids) counts.set(mid, (counts.get(mid) ?? 0) + 1);
    outcome.acknowledged += mids.length;
    for (const count of counts.values()) if (count > 1) outcome.duplicated += count - 1;
    for (const mid of mids) if (!counts.has(mid)) outcome.lost++;
    // The acknowledged events found, against the order they were recorded in (first occurrences).
    const found = mids.filter((mid) => counts.has(mid));
    outcome.outOfOrder += found.length - longestCommonSubsequence(found, [...new Set(recordedMids)].filter((mid) => mids.includes(mid)));
    // What the store says was answered, and what reached the Send API, in order.
    const answers = events.flatMap((event) => (event.event === 'bot' && typeof event.text === 'string' ? [event.text] : []));
    const received = graph.texts.get(psid) ?? [];
    outcome.answers += answers.length;
    outcome.sendsDelivered += received.length;
    // Each recorded answer is one Send API message with its text (the demo's answers are short).
    // The most answers that the received stream holds in order are delivered; the answers left
    // out were lost, the texts left over were sent twice (or out of order).
    const matched = longestCommonSubsequence(answers, received);
    outcome.sendsDuplicated += received.length - matched;
    outcome.sendsLost += answers.length - matched;
    if (process.env['HELPER_CHAOS_DEBUG'] && (matched !== answers.length || received.length !== matched)) {
      process.stderr.write(`${psid}: answers ${JSON.stringify(answers)}\nreceived ${JSON.stringify(received)}\n`);
    }
  }
  return outcome;
}

/** The length of the longest common subsequence of two lists of texts (a few hundred each: O(n·m) is fine). */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const item of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = item === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    previous = current;
  }
  return previous[b.length]!;
}
