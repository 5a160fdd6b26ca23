// A local 4biz simulator for the tests: the ticket web services of shared/reference/4biz.md under
// /4biz/services/…, with a login that issues sessionIDs, body-shape checks, and errors answered as
// 4biz does (HTTP 412, or 401 when `unauthorisedStatus` says so, with a CtError body).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTicket {
  number: string;
  numberOrigin: string;
  type: string;
  description: string;
  userID: string;
  status: { code: string; name: string };
}

export interface Fake4biz {
  /** e.g. http://127.0.0.1:PORT/4biz */
  base: string;
  logins: number;
  /** Every sessionID issued so far. */
  issued: string[];
  tickets: FakeTicket[];
  /** Every request body received, by path. */
  received: Array<{ path: string; body: Record<string, unknown> }>;
  /** Sessions issued so far stop working (they expired). */
  expireSessions(): void;
  down: boolean;
  unauthorisedStatus: 412 | 401;
  /**
   * request/create answers 412 with a CtError, as 4biz's REST layer answers every error: 'refused'
   * creates nothing (a business error: an unknown service, a user without permission); 'after'
   * creates the ticket first (an exception once the operation ran is still a 412 there).
   */
  createFails?: 'refused' | 'after';
  /** When set, request/getByUser answers this (200) instead of the user's tickets. */
  byUserAnswer?: unknown;
  close(): Promise<void>;
}

// Braces in both, one naming a context the pack has: they must reach 4biz as typed, not filled.
const USER = 'helper{user_id}';
const PASSWORD = 's3nha-{do}-4biz{user_id}';
export const FAKE_4BIZ_CREDENTIALS = { login: USER, password: PASSWORD };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString();
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function startFake4biz(): Promise<Fake4biz> {
  const sessions = new Set<string>();
  let next = 1000;
  const state: Omit<Fake4biz, 'base' | 'close' | 'expireSessions'> = { logins: 0, issued: [], tickets: [], received: [], down: false, unauthorisedStatus: 412 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ executionTime: 3, operationID: randomUUID(), ...(value as object) }));
      };
      const error = (status: number, code: string, description: string) => send(status, { error: { code, description } });
      if (state.down) {
        req.socket.destroy();
        return;
      }
      const body = await readJson(req);
      const path = (req.url ?? '').replace(/^\/4biz\/services\//, '');
      if (req.method !== 'POST' || body === null) return error(400, 'E_INPUT', 'a JSON POST is expected');
      state.received.push({ path, body });
      if (path === 'login') {
        if (body['userName'] !== USER || body['password'] !== PASSWORD || typeof body['platform'] !== 'string') return error(412, 'E_LOGIN', 'invalid user or password');
        state.logins += 1;
        const sessionID = randomUUID();
        sessions.add(sessionID);
        state.issued.push(sessionID);
        return send(200, { sessionID });
      }
      if (typeof body['sessionID'] !== 'string' || !sessions.has(body['sessionID'])) return error(state.unauthorisedStatus, 'E_SESSION', 'unknown or expired session');
      if (path === 'request/create') {
        const source = body['sourceRequest'] as Record<string, unknown> | undefined;
        const ok =
          typeof body['synchronize'] === 'boolean' &&
          source !== undefined &&
          typeof source['numberOrigin'] === 'string' &&
          source['numberOrigin'] !== '' &&
          (source['type'] === 'I' || source['type'] === 'R') &&
          typeof source['description'] === 'string' &&
          source['description'] !== '' &&
          typeof source['userID'] === 'string' &&
          source['userID'] !== '';
        if (!ok) return error(400, 'E_INPUT', `bad sourceRequest: ${JSON.stringify(body)}`);
        if (state.createFails === 'refused') return error(412, 'E_BUSINESS', 'service not found for the contract');
        // numberOrigin is unique (shared/reference/4biz.md): a second request with it creates nothing.
        if (state.tickets.some((ticket) => ticket.numberOrigin === source['numberOrigin'])) return error(412, 'E_DUPLICATE', 'numberOrigin already used');
        next += 1;
        const ticket: FakeTicket = {
          number: String(next),
          numberOrigin: String(source['numberOrigin']),
          type: String(source['type']),
          description: String(source['description']),
          userID: String(source['userID']),
          status: { code: 'EmAndamento', name: 'Em andamento' },
        };
        state.tickets.push(ticket);
        if (state.createFails === 'after') return error(412, 'E_INTERNAL', 'error after the operation');
        return send(200, { ...ticket, startSLA: '2026-12-02T12:00:00.000Z', endSLA: '2026-12-03T12:00:00.000Z', currentTask: { number: 1, name: 'Triagem' } });
      }
      if (path === 'request/getByUser') {
        if (typeof body['userID'] !== 'string' || body['userID'] === '') return error(400, 'E_INPUT', 'userID is required');
        if (state.byUserAnswer !== undefined) return send(200, state.byUserAnswer);
        return send(200, { requests: state.tickets.filter((ticket) => ticket.userID === body['userID']) });
      }
      if (path === 'request/getById') {
        const ticket = state.tickets.find((candidate) => candidate.number === String(body['number'] ?? '') || candidate.numberOrigin === body['numberOrigin']);
        if (!ticket) return send(200, { error: { code: 'E_NOT_FOUND', description: 'request not found' } });
        return send(200, ticket);
      }
      return error(404, 'E_OPERATION', 'unknown operation');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake = state as Fake4biz;
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/4biz`;
  fake.expireSessions = () => sessions.clear();
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
