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
import type { FastifyInstance } from 'fastify';
import { jwtVerify } from 'jose';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { normalizeIP } from '@fastify/rate-limit';
import { InProcessRateCounter } from '../../rate-limits/in-process-rate-counter.js';
import { retryAfterSeconds } from '../../rate-limits/rate-counter.js';
import { RasaHttpError, RateLimitedError } from '../../server/rasa-error.js';
import type { AssistantRecord } from '../../store/store.js';
import type { ChannelContext, ChannelDefinition } from '../channel.js';
import { payloadOpening } from '../core/conversation-opening.js';
import { renderForSocketIo } from './render-socketio.js';
import { SessionIds } from './session-ids.js';
import { SOCKETIO_JWT_KEY } from './socketio-settings.js';
import { MAX_SESSION_ID_LENGTH, readSessionRequest, readUserUttered, type InputProblem } from './user-uttered.js';

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

  /** Emits answers to a room on both endpoints (`local`: to this process's sockets only), in order. */
  const emitToRoom = (room: string, messages: readonly unknown[], local = false): void => {
    for (const io of servers) {
      const target = local ? io.local.to(room) : io.to(room);
      for (const message of messages) target.emit('bot_uttered', message);
    }
  };

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
    const count = await context.rateCounter.hit(`connections:${address}`, windowMs).catch((error: unknown) => {
      app.log.warn({ err: error }, 'socketio: the connection counter failed; the connection is let through');
      return null;
    });
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
      const sender = persistence && sessionId !== undefined ? sessionId : socket.id;
      // A socket that speaks for a session hears its answers, even without a session_request first.
      const room = persistence ? enter(sender) : socket.id;
      // The assistant as of now (cached per access revision): one disabled since the socket
      // connected, in any process, answers no more.
      context
        .resolveAssistant(socket.request)
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
            // Acknowledged once the turn is durable and its answer emitted.
            if (typeof ack === 'function') (ack as Ack)({ ok: true });
          },
          (error: unknown) => {
            if (error instanceof RateLimitedError) return limited(error, ack);
            if (error instanceof RasaHttpError) {
              refuse({ field: 'message', message: 'this assistant answers no more (it was disabled)' }, ack);
              return void socket.disconnect(true);
            }
            app.log.error({ err: error, assistantId: assistant.id }, 'socketio: a message could not be handled');
            if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { field: 'message', message: 'could not be handled; send it again' } });
            else socket.emit(ERROR_EVENT, { field: 'message', message: 'could not be handled; send it again' });
          },
        );
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
  // An agent's reply (human handoff) arrives as a notice to every process, each of which emits it
  // to its own sockets of the session: the agent may be on any process, or on the CLI.
  const stopAgentReplies = context.events.subscribe(AGENT_REPLY_NOTICE, (notice) => {
    const reply = readAgentReplyNotice(notice);
    if (!reply) return;
    // Without session persistence the sender is the socket's id, and its own room.
    const room = persistence ? `${reply.assistantId}:${reply.sender}` : reply.sender;
    emitToRoom(room, reply.messages, true);
  });

  app.addHook('preClose', async () => {
    for (const io of servers) io.engine.close();
  });
  app.addHook('onClose', async () => {
    stopAgentReplies();
    for (const io of servers) await io.close().catch(() => undefined);
    await Promise.all(adapterConnections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  });
}

/** The notice that carries an agent's reply to the processes holding the session's sockets. */
const AGENT_REPLY_NOTICE = 'helper:web-chat:agent-reply';

function readAgentReplyNotice(notice: string): { assistantId: number; sender: string; messages: unknown[] } | undefined {
  try {
    const parsed = JSON.parse(notice) as { assistantId?: unknown; sender?: unknown; messages?: unknown };
    if (typeof parsed.assistantId !== 'number' || typeof parsed.sender !== 'string' || !Array.isArray(parsed.messages)) return undefined;
    return { assistantId: parsed.assistantId, sender: parsed.sender, messages: parsed.messages };
  } catch {
    return undefined;
  }
}

export const socketIoChannel: ChannelDefinition = {
  name: 'socketio',
  title: 'Web chat (socket.io)',
  register: registerSocketIo,
  async agentReplies({ assistant, recipient }, messages, services) {
    // The room's name is roomOf(assistant, recipient).
    services.events.publish(AGENT_REPLY_NOTICE, JSON.stringify({ assistantId: assistant.id, sender: recipient, messages: messages.flatMap(renderForSocketIo) }));
  },
};
