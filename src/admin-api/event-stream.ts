// The console's server-sent event streams (the handoff inbox, a live transcript). A stream is
// authorised when it opens, as every request of the admin API, and again while it stays open: every
// `recheckSeconds` (HELPER_CONSOLE_STREAM_RECHECK_SECONDS, with the heartbeat) and before an event is
// written (a check less than EVENT_RECHECK_MS old counts, so a burst of events costs one). A caller
// signed out, disabled or deleted, whose session expired, or whose role no longer grants the route
// has the stream ended there: the browser's EventSource reconnects and gets the 401 or 403 any
// request gets. Events are written in the order they were sent.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** An event is written without a new check when the last one is younger than this. */
export const EVENT_RECHECK_MS = 1_000;

export interface EventStream {
  /** Writes `event` with its data (one line of JSON) once the caller's access is confirmed; nothing once the stream ended. */
  send(event: string, data: string): void;
  /** Writes text as it is (`retry: …` before an event), in order with the events, without a check. */
  raw(text: string): void;
  /** Whether the stream ended (the caller went away, or lost access). */
  readonly ended: boolean;
}

export interface EventStreamOptions {
  /** Comment lines this often on an idle stream, so proxies keep it open. */
  heartbeatMs: number;
  /** The access is checked again at least this often (the heartbeat goes with it). */
  recheckMs: number;
  /** Called once when the stream ends, for whatever reason: unsubscribe here. */
  onEnd: () => void;
}

/** Takes the reply over and opens the stream on it (status 200, the event-stream headers). */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  const recheck = request.recheckAccess;
  // The request's own authentication has just run.
  let checkedAt = Date.now();
  let checking: Promise<boolean> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    options.onEnd();
    if (!raw.writableEnded && !raw.destroyed) raw.end();
  };
  const open = () => !ended && !raw.writableEnded && !raw.destroyed;
  /** Whether the caller may still receive; ends the stream when not. One check at a time. */
  const allowed = (force: boolean): Promise<boolean> => {
    if (recheck === null) return Promise.resolve(true);
    if (!force && Date.now() - checkedAt < EVENT_RECHECK_MS) return Promise.resolve(true);
    checking ??= recheck()
      .catch((error: unknown) => {
        // The store did not answer: the stream ends, and the browser's reconnection is checked anew.
        request.log.warn({ err: error }, 'event stream: the access could not be checked again');
        return false;
      })
      .then((ok) => {
        checking = null;
        checkedAt = Date.now();
        if (!ok) end();
        return ok;
      });
    return checking;
  };
  const enqueue = (write: () => Promise<void>) => {
    queue = queue.then(write).catch((error: unknown) => {
      request.log.warn({ err: error }, 'event stream: a write failed');
      end();
    });
  };

  const timer = setInterval(
    () =>
      enqueue(async () => {
        if (open() && (await allowed(true)) && open()) raw.write(': keep-alive\n\n');
      }),
    Math.max(1, Math.min(options.heartbeatMs, options.recheckMs)),
  );
  request.raw.once('close', end);
  raw.once('close', end);

  return {
    send(event, data) {
      enqueue(async () => {
        if (open() && (await allowed(false)) && open()) raw.write(`event: ${event}\ndata: ${data}\n\n`);
      });
    },
    raw(text) {
      enqueue(async () => {
        if (open()) raw.write(text);
      });
    },
    get ended() {
      return ended;
    },
  };
}
