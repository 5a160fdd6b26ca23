// Requests per client address (after trusted proxies), through @fastify/rate-limit on every route.
// Routes say who calls them, in their config's `addressLimit`:
//   (unset)     browsers and people: the console, the web chat's page and script, media, sign-in —
//               HELPER_RATE_LIMIT_PER_ADDRESS;
//   'bot-api'   shared backends: 4biz calls the REST channel and the conversations API from one
//               address for all its users, so a per-address limit there would throttle a whole
//               customer — HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS, off (0) by default; the per-sender
//               limit (src/channels/sender-limiter.ts) still holds each conversation;
//   'platform'  a messaging platform's servers (Meta's webhook deliveries), never limited per
//               address: refusing them makes the platform retry and, in the end, disable the webhook.
// Over the limit: 429 with Retry-After and the route's error body (Rasa's, or the admin API's).
// The counters are the platform's (./../rate-limits): in Redis when REDIS_URL is set.
import rateLimit, { normalizeIP, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { RateCounter } from '../rate-limits/rate-counter.js';
import { RateLimitedError } from './rasa-error.js';

export type AddressLimitClass = 'bot-api' | 'platform';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who calls this route, for the per-address rate limit (./address-rate-limit.ts); unset: browsers and people. */
    addressLimit?: AddressLimitClass;
  }
}

/** @fastify/rate-limit's store interface over the platform's counters. */
function storeOver(counter: RateCounter): new () => FastifyRateLimitStore {
  return class CounterStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counter.hit(key, timeWindow).then(
        (count) => callback(null, { current: count.count, ttl: count.resetMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

export async function registerAddressRateLimit(app: FastifyInstance, counter: RateCounter, limits: Config['rateLimits']): Promise<void> {
  const maxOf = (addressLimit: AddressLimitClass | undefined): number => {
    switch (addressLimit) {
      case 'platform':
        return 0;
      case 'bot-api':
        return limits.botApiPerAddress;
      default:
        return limits.perAddress;
    }
  };
  // A route whose class has no limit gets no hook at all (runs before the plugin's own onRoute):
  // the REST channel, with its default, pays nothing per request.
  app.addHook('onRoute', (route) => {
    if (maxOf(route.config?.addressLimit) === 0) route.config = { ...route.config, rateLimit: false };
  });
  await app.register(rateLimit, {
    global: true,
    store: storeOver(counter),
    timeWindow: limits.windowSeconds * 1000,
    // The class is part of the key: a backend's REST calls never use up its console's count.
    keyGenerator: (request) => `address:${request.routeOptions.config.addressLimit ?? 'public'}:${normalizeIP(request.ip)}`,
    max: (request) => maxOf(request.routeOptions.config.addressLimit),
    // A store that fails (Redis down) lets requests through rather than refusing them all; the
    // platform's counter logs it once per outage and counts them (src/rate-limits/let-through-counter.ts).
    skipOnError: true,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`too many requests from this address: at most ${context.max} per ${limits.windowSeconds} s; retry in ${context.after}`, Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
