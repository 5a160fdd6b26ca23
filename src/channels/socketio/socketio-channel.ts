// Rasa's socket.io channel (reference/rasa-protocol.md §5), what rasa-webchat and our widget speak.
// Socket.IO lives at /socket.io at the app root (Engine.IO 4, and 3 for socket.io-client 2, over
// long-polling and websocket); GET /webhooks/socketio/ is the channel's health.
//
// Two endpoints, one channel: /socket.io is Rasa's, for any Rasa client (rasa-webchat, python-socketio,
// …), and every emit there carries exactly Rasa's arguments; /widget/socket.io is our widget's, the
// same events plus socket.io's connection state recovery, which appends an offset argument to each
// emit (a python-socketio handler taking one argument would fail on it). Each is a socket.io server
// of its own (recovery is a server's option) with the same connection handler, and every emit to a
// session's room goes to both, so a session's tabs hear it whichever endpoint each uses.
//
//   connect          the assistant is the handshake Host's, like every channel; with a JWT key set
//                    for it, `auth.token` (an optional "Bearer " prefix) must verify, else refused
//                    (Rasa's check); a JWT that names a user (`user.username`, Rasa's payload, else
//                    `sub`) binds the session to that user
//   session_request  {session_id} → session_confirm "<id>"; with session persistence on, the socket
//                    joins that session's room (and leaves the one it was in); a new session (not
//                    the one asked for; without persistence, each socket once) then gets the
//                    assistant's greeting, if set, as bot_uttered emits; an id that cannot be one
//                    (empty, an object, over 256 characters) is answered like no id: a new session
//   user_uttered     {message, session_id, customData} → one turn of the engine (input channel
//                    socketio) → bot_uttered emits to the sender's room, in order
//
// The sender is the session id when persistence is on (HELPER_SOCKETIO_SESSION_PERSISTENCE, default
// true: web chats keep their conversation across page loads), else the socket id. Rooms are scoped
// by assistant, so two assistants' sessions never share a room. A bad user_uttered is answered with a
// `user_uttered_error {field, message}` (or the event's acknowledgement), never dropped silently.
// Limits (README, "Security"): handshakes per client address, events per connection, and each
// message through the platform's per-sender limiter; a refused event gets the same error event
// with `reason: "TooManyRequests"` and `retry_after` (seconds).
//
// A session belongs to its client (the threat model is in ../README.md): with a JWT that names a user
// the session id IS that user, whatever the client asks; otherwise (no JWT key, or a JWT naming no
// user, which Rasa accepts as any other) only ids this platform issued are taken (./session-ids.ts),
// and a client asking for another id is given a new one (rasa-webchat and our widget adopt the id
// confirmed). A socket is in one session room at a time.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { normalizeIP } from '@fastify/rate-limit';
import { InProcessRateCounter } from '../../rate-limits/in-process-rate-counter.js';
import { retryAfterSeconds } from '../../rate-limits/rate-counter.js';
import { RasaHttpError, RateLimitedError } from '../../server/rasa-error.js';
import type { PlatformEvents } from '../../pubsub/platform-events.js';
import type { AssistantRecord } from '../../store/store.js';
import { AgentReplyRefusedError, type ChannelContext, type ChannelDefinition } from '../channel.js';
import { payloadOpening } from '../core/conversation-opening.js';
import { renderForSocketIo } from './render-socketio.js';
import { EmittedUndeleted } from './emitted-undeleted.js';
import { SessionIds } from './session-ids.js';
import { SOCKETIO_JWT_KEY } from './socketio-settings.js';
import { MAX_SESSION_ID_LENGTH, readSessionRequest, readUserUttered, type InputProblem } from './user-uttered.js';
import { RedisUnavailableError } from '../../redis-availability.js';

/** What a refused event gets: the field at fault, or (`reason: TooManyRequests`) a limit and the seconds to wait. */
type Refusal = InputProblem & { reason?: 'TooManyRequests'; retry_after?: number };
type Ack = (answer: { ok: true } | { ok: false; error: Refusal }) => void;

const ERROR_EVENT = 'user_uttered_error';
/** How long a dropped socket's missed answers are kept for its return (in this process's memory). */
const RECOVERY_WINDOW_MS = 2 * 60_000;
/** Rasa's endpoint (its `socketio_path`): rasa-webchat and other Rasa clients; Rasa's arguments, no more. */
export const RASA_SOCKETIO_PATH = '/socket.io';
/** Our widget's endpoint (widget/src/connection.ts): the same channel, with connection state recovery. */
export const WIDGET_SOCKETIO_PATH = '/widget/socket.io';

/** A handshake the channel refuses on purpose; its message is the client's connect_error. */
class ConnectionRefused extends Error {}

function roomOf(assistant: AssistantRecord, sender: string): string {
  return `${assistant.id}:${sender}`;
}

/** The outbox's `channel` of the agents' replies a web chat session has not received yet. */
const CHANNEL = 'socketio';
/** At most this many agents' replies are kept per session for its return; another is refused (`delivery: failed`). */
export const MAX_KEPT_REPLIES = 50;
/** How long a kept reply waits for its session to be joined again; older ones are dropped (they stay in the tracker). */
export const KEPT_REPLY_DAYS = 7;
/** How often a process drops the kept replies older than that. */
const KEPT_EXPIRY_INTERVAL_MS = 60 * 60_000;
/** How long a process without the web chat's sockets (the CLI) waits for a server process to emit a reply. */
const HANDOVER_WAIT_MS = 5_000;
/** How long a delivery waits for a kept reply's emit to leave this process (Redis away) before it leaves the row for later. */
const EMIT_WAIT_MS = 5_000;

/** What a process's web chat did with a session's kept replies: whether a tab is connected (anywhere), and the rows it emitted. */
interface KeptDelivery {
  connected: boolean;
  delivered: number[];
}
/**
 * Per platform (its `events`, one per app process or CLI run): the registered channel's way to
 * emit a session's kept replies, for its `agentReplies` outlet. Absent where no socket.io server runs.
 */
const keptDeliverers = new WeakMap<PlatformEvents, (assistantId: number, sender: string) => Promise<KeptDelivery>>();

/**
 * Per platform (process), per session: the chain of its kept-reply steps (an outlet's check and
 * store, a delivery), run one after another — two deliveries overlapping in one process (a
 * session_request and a user_uttered back to back, the sweep, a notice) would claim the same rows
 * (the claimant is the process's) and emit them twice.
 */
const keptChains = new WeakMap<PlatformEvents, Map<string, Promise<unknown>>>();

/** Runs `step` after the session's earlier kept-reply steps in this process have settled. */
function inSessionOrder<T>(events: PlatformEvents, assistantId: number, sender: string, step: () => Promise<T>): Promise<T> {
  let chains = keptChains.get(events);
  if (!chains) keptChains.set(events, (chains = new Map()));
  const key = `${assistantId}:${sender}`;
  const before = chains.get(key) ?? Promise.resolve();
  const run = before.then(step, step);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, settled);
  // The last step of the session forgets the chain (no map entry per session ever seen).
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return run;
}

function keptMessages(payload: unknown): unknown[] {
  const messages = typeof payload === 'object' && payload !== null ? (payload as { messages?: unknown }).messages : undefined;
  return Array.isArray(messages) ? messages : [];
}

/** What the channel keeps on each socket (restored with it when its connection is recovered). */
interface SocketState {
  /** The user the handshake's JWT names, if it names one: the only session this socket may use. */
  user?: string;
  /** The session room the socket is in (at most one). */
  room?: string;
  /** Greeted already (kept through a connection-state recovery, which restores `data`). */
  greeted?: boolean;
}

/** The user a verified JWT names, if any: Rasa's `user.username`, else the standard `sub`. */
function userOf(payload: { sub?: unknown; user?: unknown }): string | undefined {
  const username = typeof payload.user === 'object' && payload.user !== null ? (payload.user as { username?: unknown }).username : undefined;
  return typeof username === 'string' && username !== '' ? username : typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined;
}

function registerSocketIo(app: FastifyInstance, context: ChannelContext): void {
  app.get('/', { schema: { summary: 'socket.io channel health' } }, async () => ({ status: 'ok' }));

  const persistence = context.socketIo.sessionPersistence;
  // Several app processes (REDIS_URL): socket.io's Redis streams adapter carries every emit to a
  // room to the sockets of that room on every process, so an answer reaches every tab of a session
  // whichever process handled the message; on the widget's endpoint it keeps recovered connections'
  // state in Redis too, so a client that comes back through the balancer to another process still
  // gets what it missed. One stream per endpoint (both servers' namespace is "/", so a shared stream
  // would deliver each emit twice), each read with blocking XREADs: a connection of its own.
  const adapterConnections: Redis[] = [];
  const adapter = (options: { streamName: string; sessionKeyPrefix?: string }): Partial<ServerOptions> => {
    const connection = context.redisConnection?.();
    // Its commands wait while Redis is away, and its errors are logged once per outage (src/platform.ts).
    if (!connection) return {};
    adapterConnections.push(connection);
    return { adapter: createAdapter(connection, { ...options, maxLen: 100_000 }) };
  };
  // Web chat runs on the customer's own site, another origin: cross-origin connections are the
  // point. Credentials (cookies) are allowed only so that a load balancer's affinity cookie comes
  // back with each long-polling request (README, "Running in production"): the channel itself
  // reads no cookie, its sessions are bearer ids.
  const common: Partial<ServerOptions> = { cors: { origin: true, credentials: true }, maxHttpBufferSize: 100_000, serveClient: false };
  // Rasa's: no connection state recovery, whose offset argument Rasa's clients must not get.
  const rasaIo = new Server(app.server, { ...common, path: RASA_SOCKETIO_PATH, allowEIO3: true, ...adapter({ streamName: 'helper:socket.io' }) });
  const widgetIo = new Server(app.server, {
    ...common,
    path: WIDGET_SOCKETIO_PATH,
    // The server attached first (Rasa's) ends the websocket upgrades that neither path takes.
    destroyUpgrade: false,
    ...adapter({ streamName: 'helper:socket.io:widget', sessionKeyPrefix: 'helper:socket.io:widget:session:' }),
    // A client that drops for a moment (a train tunnel, a phone waking up) gets its socket, rooms
    // and the answers emitted meanwhile back on reconnection (socket.io-client ≥ 4.6, our widget).
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
  });
  const servers = [rasaIo, widgetIo];

  /**
   * Resolves once the emits made so far have left this process: with the Redis adapter an emit
   * is an XADD, and reaches this process's sockets once it is answered — a PING on the same
   * connection is answered after it, then the emits' continuations have run. False when Redis
   * refused the PING (its emits may not have been taken).
   */
  const emitsLeft = async (): Promise<boolean> => {
    const answered = await Promise.all(adapterConnections.map((connection) => connection.ping().then(() => true, () => false)));
    await new Promise((resolve) => setImmediate(resolve));
    return answered.every(Boolean);
  };

  /** Emits answers to a room on both endpoints (every process's sockets of it, or with `here` this process's only), in order. */
  const emitToRoom = (room: string, messages: readonly unknown[], here = false): void => {
    for (const io of servers) {
      const target = here ? io.local.to(room) : io.to(room);
      for (const message of messages) target.emit('bot_uttered', message);
    }
  };

  // An agent's reply (human handoff) is kept in the outbox (channel `socketio`, the session as its
  // recipient) until a tab of the session receives it: emitted at once when one is connected in any
  // process, else when the session is joined again (session_request, or a user_uttered before its
  // turn), and by the sweep below for a tab connected to this process (a reply stored by the CLI, or
  // by a process whose notice was missed). In order, and never lost: the session's rows are claimed
  // in the store (one claimant per session at a time, in id order, for HELPER_OUTBOX_CLAIM_MS), and
  // the claimed rows are emitted, then deleted once their emits have left this process (with the
  // Redis adapter, once Redis has them: one PING per adapter connection for the claimed rows, not
  // one per row). A process that dies holding a claim leaves its rows claimed, not deleted: once
  // the claim ends, the next delivery (the sweep, a join, a message) emits them again. So a reply is
  // emitted exactly once unless its process died between its emit and its delete, when it is
  // emitted twice (at least once, never lost: the agent was told it was kept). In this process the
  // session's deliveries run one after another (inSessionOrder: the claimant is the process's, so
  // two overlapping ones would claim the same rows); across processes the claim keeps them apart,
  // checked before each emit (and renewed once half of it is spent), so a delivery that stalled
  // past its claim's end stops rather than emit what another process may be emitting.
  const claimant = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const roomOfSender = (assistantId: number, sender: string): string => (persistence ? `${assistantId}:${sender}` : sender);
  const connectedHere = (room: string): boolean => servers.some((io) => (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0);
  const connectedAnywhere = async (room: string): Promise<boolean> => {
    for (const io of servers) if ((await io.in(room).fetchSockets()).length > 0) return true;
    return false;
  };
  /** Emits the session's kept replies when a tab of it is connected (here, or with `anywhere` in any process). */
  const deliverKept = (assistantId: number, sender: string, anywhere: boolean): Promise<KeptDelivery> =>
    inSessionOrder(context.events, assistantId, sender, () => deliverKeptNow(assistantId, sender, anywhere));
  /** Rows this process emitted but could not delete yet (bounded: emitted-undeleted.ts). */
  const emittedUndeleted = new EmittedUndeleted();
  const deliverKeptNow = async (assistantId: number, sender: string, anywhere: boolean): Promise<KeptDelivery> => {
    const room = roomOfSender(assistantId, sender);
    if (!(anywhere ? await connectedAnywhere(room) : connectedHere(room))) return { connected: false, delivered: [] };
    const { claimMs } = context.delivery;
    const release = (ids: readonly number[]): Promise<void> => context.outbox.release(ids, claimant).catch(() => undefined);
    const delivered: number[] = [];
    for (;;) {
      const claimedAt = Date.now();
      const rows = await context.outbox.claim(CHANNEL, assistantId, sender, { claimant, limit: MAX_KEPT_REPLIES, now: claimedAt / 1000, until: (claimedAt + claimMs) / 1000 });
      if (rows.length === 0) return { connected: true, delivered };
      let endsAt = claimedAt + claimMs;
      // The claimed rows are emitted in order, then their emits' handover is awaited once for them
      // all (one PING per adapter connection, not one per row), then their rows are deleted in order.
      const taken: Array<{ id: number; handover?: Promise<boolean> }> = [];
      for (const [index, row] of rows.entries()) {
        // The claim must hold, by half of it at least, when a row is emitted: renewed when it is
        // shorter. Not all renewed (a row taken past an ended claim, or dropped meanwhile): the rest
        // is given back and claimed again, which stops here if another process holds the oldest.
        if (endsAt - Date.now() <= claimMs / 2) {
          const rest = rows.slice(index).map((left) => left.id);
          const renewedAt = Date.now();
          if ((await context.outbox.renew(rest, claimant, (renewedAt + claimMs) / 1000)) < rest.length) {
            await release(rest);
            break;
          }
          endsAt = renewedAt + claimMs;
        }
        // Emitted already by this process (its delete failed, or Redis had not taken it): not again.
        const handover = emittedUndeleted.handover(row.id);
        if (handover === undefined) emitToRoom(room, keptMessages(row.payload));
        taken.push({ id: row.id, handover });
      }
      const emitted = taken.filter((row) => row.handover === undefined).map((row) => row.id);
      if (emitted.length > 0) {
        const handover = emitsLeft();
        emittedUndeleted.add(emitted, handover);
        for (const row of taken) row.handover ??= handover;
      }
      /** The rows from `from` on that this process has not emitted (or is to emit again): given back. */
      const unemitted = (from: number): number[] => taken.slice(from).filter((row) => emittedUndeleted.handover(row.id) === undefined).map((row) => row.id);
      for (const [index, row] of taken.entries()) {
        const handover = row.handover as Promise<boolean>;
        const leftProcess = await withinEmitWait(handover);
        if (leftProcess !== true) {
          // Redis refused it: emitted again by the next delivery. Not answered yet (Redis away):
          // its row stays claimed, and is deleted once it is (by the next delivery or the sweep; or
          // emitted again if this process dies). Rows not emitted yet are given back.
          if (leftProcess === false) for (const rest of taken.slice(index)) if (rest.handover === handover) emittedUndeleted.remove(rest.id);
          await release(unemitted(index));
          throw new Error(`a kept reply's emit was ${leftProcess === false ? 'refused by Redis' : 'not taken by Redis in time'}; it stays kept`);
        }
        try {
          // False when the row is gone already (dropped as too old, or erased with the user's data): emitted all the same.
          await context.outbox.delete(row.id);
        } catch (error: unknown) {
          // Emitted, not deleted: it stays claimed, and this process's next delivery (or the sweep)
          // deletes it without emitting it again; so do the batch's rows emitted after it.
          await release(unemitted(index + 1));
          throw error;
        }
        emittedUndeleted.remove(row.id);
        delivered.push(row.id);
      }
    }
  };
  /** Deletes the rows this process emitted (their emits have left it) but could not delete: no tab need come back for it. */
  const deleteEmitted = async (): Promise<void> => {
    for (const id of emittedUndeleted.left()) {
      // False when the row is gone (another process delivered it after this one's claim ended, or it was dropped).
      await context.outbox.delete(id);
      emittedUndeleted.remove(id);
    }
  };
  const deliverKeptHere = (assistantId: number, sender: string): Promise<void> =>
    deliverKept(assistantId, sender, false).then(
      () => undefined,
      (error: unknown) => app.log.warn({ err: error, assistantId }, 'socketio: kept agent replies could not be emitted now; they stay kept'),
    );
  keptDeliverers.set(context.events, (assistantId, sender) => deliverKept(assistantId, sender, true));
  let sweeping = false;
  let expiredAt = Date.now();
  const sweep = async (): Promise<void> => {
    if (sweeping) return;
    sweeping = true;
    try {
      await deleteEmitted();
      const now = Date.now();
      for (const { assistantId, recipient } of await context.outbox.recipients(CHANNEL, now / 1000)) {
        if (connectedHere(roomOfSender(assistantId, recipient))) await deliverKeptHere(assistantId, recipient);
      }
      // A session that never comes back (without persistence, a socket id never does) keeps its
      // replies KEPT_REPLY_DAYS at most; any process may drop them (a delete is idempotent).
      if (now - expiredAt >= KEPT_EXPIRY_INTERVAL_MS) {
        expiredAt = now;
        const before = now / 1000 - KEPT_REPLY_DAYS * 86_400;
        for (const { assistantId, recipient } of await context.outbox.recipients(CHANNEL, now / 1000)) {
          for (const row of await context.outbox.pending(CHANNEL, assistantId, recipient)) if (row.createdAt < before) await context.outbox.delete(row.id);
        }
      }
    } catch (error: unknown) {
      app.log.warn({ err: error }, 'socketio: the sweep for kept agent replies failed; it runs again');
    } finally {
      sweeping = false;
    }
  };
  const sweeper = setInterval(() => void sweep(), context.delivery.pollMs);
  sweeper.unref();

  /** The assistant each connected socket speaks to, from its handshake. */
  const assistants = new WeakMap<Socket, AssistantRecord>();
  const limits = context.rateLimits;
  const windowMs = limits.windowSeconds * 1000;
  /** Events per connection: a connection lives in this process, so its count does too. */
  const perConnection = new InProcessRateCounter();
  const sessionIds = new SessionIds((data) => context.digest('socketio-session', data));
  const stateOf = (socket: Socket): SocketState => socket.data as SocketState;

  const admission = (socket: Socket, next: (error?: Error) => void): void => {
    void limitConnections(socket).then(() => admit(socket)).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof ConnectionRefused || error instanceof RasaHttpError) {
          // RateLimitedError included: connect_error carries only a message.
          app.log.warn({ reason: error.message }, 'socketio: connection refused');
          next(new Error(error.message));
        } else {
          // The store or the secrets failed: log it, and tell the client only that it may retry.
          app.log.error({ err: error }, 'socketio: a connection could not be admitted');
          next(new Error('the server could not accept the connection now; try again'));
        }
      },
    );
  };

  /** Connections per client address (HELPER_RATE_LIMIT_CONNECTIONS_PER_ADDRESS), in the platform's counters. */
  async function limitConnections(socket: Socket): Promise<void> {
    if (limits.connectionsPerAddress === 0) return;
    const address = normalizeIP(context.clientAddress(socket.request));
    // A counter that fails (Redis away) lets the connection through: said once per outage and
    // counted by the platform's counter (src/rate-limits/let-through-counter.ts).
    const count = await context.rateCounter.hit(`connections:${address}`, windowMs).catch(() => null);
    if (count !== null && count.count > limits.connectionsPerAddress) {
      throw new RateLimitedError(`too many connections from this address: retry in ${retryAfterSeconds(count)} s`, retryAfterSeconds(count));
    }
  }

  /** The assistant of the handshake's Host, and its JWT key's check when one is set. */
  async function admit(socket: Socket): Promise<void> {
    const assistant = await context.resolveAssistant(socket.request);
    const jwtKey = await context.secret(assistant, SOCKETIO_JWT_KEY);
    if (jwtKey !== undefined) {
      const auth: unknown = socket.handshake.auth;
      const given = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
      if (typeof given !== 'string' || given.trim() === '') throw new ConnectionRefused('a JWT is required in auth.token');
      let payload: { sub?: unknown; user?: unknown };
      try {
        ({ payload } = await jwtVerify(given.trim().replace(/^Bearer\s+/i, ''), new TextEncoder().encode(jwtKey), { algorithms: ['HS256'] }));
      } catch {
        throw new ConnectionRefused('the JWT in auth.token is invalid');
      }
      // Rasa takes any JWT that verifies. One naming a user binds the session to that user; one naming
      // none leaves the client to the ids this platform issues, as on an assistant without a key.
      const user = userOf(payload);
      if (user !== undefined && user.length > MAX_SESSION_ID_LENGTH) throw new ConnectionRefused(`the JWT in auth.token names a user longer than ${MAX_SESSION_ID_LENGTH} characters, which cannot be a session id`);
      if (user !== undefined) stateOf(socket).user = user;
    }
    assistants.set(socket, assistant);
  }

  /** Turns in flight (each until its answer is emitted): a closing app lets them finish first. */
  const turns = new Set<Promise<void>>();
  let closing = false;

  const onConnection = (socket: Socket): void => {
    const assistant = assistants.get(socket);
    if (!assistant) return void socket.disconnect(true);
    const answer = (problem: Refusal, ack: unknown): void => {
      if (typeof ack === 'function') (ack as Ack)({ ok: false, error: problem });
      else socket.emit(ERROR_EVENT, problem);
    };
    const refuse = (problem: InputProblem, ack: unknown): void => {
      app.log.warn({ assistantId: assistant.id, field: problem.field }, `socketio: ${problem.field} ${problem.message}`);
      answer(problem, ack);
    };
    // Not logged one by one: a flood would flood the log too.
    const limited = (error: RateLimitedError, ack: unknown): void =>
      answer({ field: 'message', message: error.message, reason: 'TooManyRequests', retry_after: error.retryAfterSeconds }, ack);
    /** Counts an event of this connection (HELPER_RATE_LIMIT_PER_CONNECTION); refuses it over the limit. */
    const overConnectionLimit = (ack: unknown): boolean => {
      if (limits.perConnection === 0) return false;
      const count = perConnection.hitNow(socket.id, windowMs);
      if (count.count <= limits.perConnection) return false;
      limited(new RateLimitedError(`too many messages on this connection: at most ${limits.perConnection} per ${limits.windowSeconds} s`, retryAfterSeconds(count)), ack);
      return true;
    };
    socket.on('disconnect', () => perConnection.forget(socket.id));
    /** The last message's step that emits the session's kept agent replies before its turn. */
    let keptFirst: Promise<void> = Promise.resolve();

    /** Puts the socket in the session's room, out of the one it was in: one session per socket. */
    const enter = (sessionId: string): string => {
      const room = roomOf(assistant, sessionId);
      const state = stateOf(socket);
      if (state.room !== room) {
        if (state.room !== undefined) void socket.leave(state.room);
        void socket.join(room);
        state.room = room;
      }
      return room;
    };

    socket.on('session_request', (data: unknown, ack: unknown) => {
      if (overConnectionLimit(ack)) return;
      const read = readSessionRequest(data);
      // An id that cannot be one (empty, not a string, too long) is not refused: the client gets a new
      // session, as for one it did not ask for, or it would wait for a confirmation forever.
      if (!read.ok) app.log.info({ assistantId: assistant.id, field: read.problem.field }, `socketio: session_request ${read.problem.field} ${read.problem.message}; a new session is confirmed`);
      // The JWT's user, whatever was asked; else the id asked for if this platform issued it; else a new one.
      const user = stateOf(socket).user;
      const requested = read.ok ? read.value : undefined;
      const confirmed = user ?? (requested !== undefined && sessionIds.isIssued(assistant.id, requested) ? requested : sessionIds.issue(assistant.id));
      if (persistence) enter(confirmed);
      socket.emit('session_confirm', confirmed);
      // What agents wrote while no tab of the session was connected.
      void deliverKeptHere(assistant.id, persistence ? confirmed : socket.id);
      // A new conversation opens with the assistant's greeting (Configurações), as its first
      // bot_uttered; a session taken up again is not greeted twice. Without persistence the
      // conversation is the socket's: greeted once, whatever the client asks for (a socket that
      // comes back through connection-state recovery is the same conversation).
      const state = stateOf(socket);
      if (persistence ? confirmed !== requested : !state.greeted) {
        state.greeted = true;
        context.resolveAssistant(socket.request).then(
          (current) => {
            const greeting = current.id === assistant.id ? current.settings.greeting : undefined;
            // Rendered as every bot text is: one bot_uttered per blank-line part.
            if (greeting) for (const message of renderForSocketIo({ text: greeting })) socket.emit('bot_uttered', message);
          },
          () => undefined,
        );
      }
    });

    socket.on('user_uttered', (data: unknown, ack: unknown) => {
      if (overConnectionLimit(ack)) return;
      const read = readUserUttered(data);
      if (!read.ok) return refuse(read.problem, ack);
      const { sessionId, text, metadata } = read.value;
      if (persistence && sessionId === undefined) return refuse({ field: 'session_id', message: 'is required (session persistence is on)' }, ack);
      if (persistence && sessionId !== undefined) {
        const user = stateOf(socket).user;
        if (user !== undefined ? sessionId !== user : !sessionIds.isIssued(assistant.id, sessionId)) {
          return refuse({ field: 'session_id', message: 'is not a session of this client: send session_request and use the id it confirms' }, ack);
        }
      }
      // A stopping process takes no new turn: the client sends it again once reconnected (to another process).
      if (closing) return answer({ field: 'message', message: 'the server is restarting: send it again' }, ack);
      const sender = persistence && sessionId !== undefined ? sessionId : socket.id;
      // A socket that speaks for a session hears its answers, even without a session_request first.
      const room = persistence ? enter(sender) : socket.id;
      // What agents wrote while no tab was connected comes before this turn's answer (one step after
      // another on this connection, so the user's messages still reach the engine in order). Then the
      // assistant as of now (cached per access revision): one disabled since the socket connected,
      // in any process, answers no more.
      keptFirst = keptFirst.then(() => deliverKeptHere(assistant.id, sender));
      const turn = keptFirst
        .then(() => context.resolveAssistant(socket.request))
        .then(async (current) => {
          if (current.id !== assistant.id || !current.enabled) throw new RasaHttpError(404, 'NotFound', 'this assistant is disabled');
          // rasa-webchat's `initPayload` (`/get_started`) without such an intent opens the
          // conversation; a greeting this socket was already given is not said again.
          const opening = await payloadOpening(context, current, text);
          const greetedAlready = opening?.answer !== undefined && stateOf(socket).greeted === true;
          const parts = greetedAlready ? { parseData: opening.parseData, listenOnly: true } : opening;
          return context.senderLimiter.handle({ assistantId: assistant.id, sender, text, inputChannel: 'socketio', metadata, ...parts });
        })
        .then(
          (messages) => {
            // Through a room even without persistence (every socket is in its own id's room), so the
            // answers are kept for a client that recovers its connection.
            emitToRoom(room, messages.flatMap(renderForSocketIo));
            // Acknowledged once the turn is durable and its answer emitted (with the Redis adapter the
            // answer reaches the sockets after Redis has it, so it may follow the acknowledgement).
            if (typeof ack === 'function') (ack as Ack)({ ok: true });
          },
          (error: unknown) => {
            if (error instanceof RateLimitedError) return limited(error, ack);
            if (error instanceof RasaHttpError) {
              refuse({ field: 'message', message: 'this assistant answers no more (it was disabled)' }, ack);
              return void socket.disconnect(true);
            }
            if (error instanceof RedisUnavailableError) context.redisUnavailableLog.log(app.log, error, 'socketio: a message');
            else app.log.error({ err: error, assistantId: assistant.id }, 'socketio: a message could not be handled');
            if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { field: 'message', message: 'could not be handled; send it again' } });
            else socket.emit(ERROR_EVENT, { field: 'message', message: 'could not be handled; send it again' });
          },
        );
      // A closing app waits for it (and its answer's emit) before closing the connections and the store.
      turns.add(turn);
      void turn.finally(() => turns.delete(turn));
    });
  };
  for (const io of servers) {
    io.use(admission);
    io.on('connection', onConnection);
  }

  // Open sockets would keep the HTTP server from closing. Their connections are closed, not their
  // sockets disconnected: to a client that is a dropped transport, so it reconnects by itself (through
  // the balancer, to a process still running) and, with connection state recovery, gets its
  // session and what it missed back — where a server-side disconnect would tell it to stay away.
  // An agent's reply (human handoff) stored by another process (or the CLI) is announced to every
  // process; one with a tab of the session emits the session's kept replies (the claim lets one do it).
  const stopAgentReplies = context.events.subscribe(AGENT_REPLY_NOTICE, (notice) => {
    const reply = readAgentReplyNotice(notice);
    if (reply && connectedHere(roomOfSender(reply.assistantId, reply.sender))) void deliverKeptHere(reply.assistantId, reply.sender);
  });
  // What the platform sends on its own (proactive): every process emits it to its own tabs of the session.
  const stopProactive = context.events.subscribe(PROACTIVE_NOTICE, (notice) => {
    const send = readAgentReplyNotice(notice);
    if (send) emitToRoom(roomOfSender(send.assistantId, send.sender), send.messages, true);
  });

  // Closing: no new turn is taken; the turns in flight finish (bounded by the shutdown deadline) and
  // their answers are emitted; then the connections close. Not awaited in preClose, so the listener
  // closes at once; the server's close waits for these connections, and onClose for `draining`.
  let draining: Promise<void> | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    draining = (async () => {
      while (turns.size > 0) await Promise.allSettled([...turns]);
      // With the Redis adapter an emit reaches this process's sockets once its XADD is answered.
      await emitsLeft();
      for (const io of servers) io.engine.close();
    })();
  });
  app.addHook('onClose', async () => {
    await draining;
    stopAgentReplies();
    stopProactive();
    clearInterval(sweeper);
    keptDeliverers.delete(context.events);
    for (const io of servers) await io.close().catch(() => undefined);
    await Promise.all(adapterConnections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  });
}

/** The notice that an agent's reply waits in the store for a session: `{assistantId, sender}`. */
const AGENT_REPLY_NOTICE = 'helper:web-chat:agent-reply';
/** What the platform sends on its own to a session, for its connected tabs only: `{assistantId, sender, messages}` (rendered). */
const PROACTIVE_NOTICE = 'helper:web-chat:proactive';

function readAgentReplyNotice(notice: string): { assistantId: number; sender: string; messages: unknown[] } | undefined {
  try {
    const parsed = JSON.parse(notice) as { assistantId?: unknown; sender?: unknown; messages?: unknown };
    if (typeof parsed.assistantId !== 'number' || typeof parsed.sender !== 'string') return undefined;
    return { assistantId: parsed.assistantId, sender: parsed.sender, messages: Array.isArray(parsed.messages) ? parsed.messages : [] };
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An emit's handover (true: it left the process; false: Redis refused it), or undefined when EMIT_WAIT_MS passed first. */
async function withinEmitWait(handover: Promise<boolean>): Promise<boolean | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), EMIT_WAIT_MS);
  });
  try {
    return await Promise.race([handover, waited]);
  } finally {
    clearTimeout(timer);
  }
}

export const socketIoChannel: ChannelDefinition = {
  name: 'socketio',
  title: 'Web chat (socket.io)',
  register: registerSocketIo,
  // An agent's reply: kept in the store for the session, then emitted to its tabs — at once by this
  // process when one is connected in any process (socket.io's adapter), else by the process that has
  // one (the notice, the sweep) or when the session is joined again. Resolves `kept` when no tab
  // received it (within HANDOVER_WAIT_MS where this process has no socket.io server: the CLI).
  // What the platform sends on its own (`proactive`: the conversations API's output_channel, a
  // reminder) is not kept: it goes to the tabs connected now, in any process (a notice each process
  // emits to its own tabs of the session), else nowhere — a REST sender never joins a web chat,
  // and it would fill the session's kept replies.
  // The cap is checked, then the reply stored, in the session's order in this process; across
  // processes (two agents' replies at once on two) it is approximate: a session may keep a few more.
  async agentReplies({ assistant, recipient, proactive }, messages, services) {
    if (proactive) {
      services.events.publish(PROACTIVE_NOTICE, JSON.stringify({ assistantId: assistant.id, sender: recipient, messages: messages.flatMap(renderForSocketIo) }));
      return undefined;
    }
    const { outbox } = services.store;
    const stillKept = async (id: number): Promise<boolean> => (await outbox.pending(CHANNEL, assistant.id, recipient)).some((row) => row.id === id);
    const [row] = await inSessionOrder(services.events, assistant.id, recipient, async () => {
      if ((await outbox.pending(CHANNEL, assistant.id, recipient)).length >= MAX_KEPT_REPLIES) {
        throw new AgentReplyRefusedError('kept_full', `${MAX_KEPT_REPLIES} agent replies already wait for this web chat session to come back`);
      }
      return outbox.add([{ assistantId: assistant.id, channel: CHANNEL, recipient, payload: { messages: messages.flatMap(renderForSocketIo) } }]);
    });
    if (!row) return 'kept';
    const deliver = keptDeliverers.get(services.events);
    // The reply is stored: a failure to emit it now leaves it to the notice, the sweep or the next visit.
    const here = deliver ? await deliver(assistant.id, recipient).catch(() => undefined) : undefined;
    if (here?.delivered.includes(row.id)) return undefined;
    services.events.publish(AGENT_REPLY_NOTICE, JSON.stringify({ assistantId: assistant.id, sender: recipient }));
    // No tab anywhere (asked across processes): kept. Else another process emits it (it held the
    // session's claim, or this one has no socket.io server): wait a little to say which.
    const deadline = Date.now() + (here && !here.connected ? 0 : HANDOVER_WAIT_MS);
    for (;;) {
      if (!(await stillKept(row.id))) return undefined;
      if (Date.now() >= deadline) return 'kept';
      await sleep(100);
    }
  },
};
