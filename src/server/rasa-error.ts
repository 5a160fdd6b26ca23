// Errors of the Rasa-compatible API carry Rasa's body, so Rasa clients (4biz among them) read them
// as they read Rasa's: {version, status: "failure", message, reason, details, help, code}.
export const RASA_VERSION = '3.6.21';
export const RASA_MINIMUM_COMPATIBLE_VERSION = '3.5.0';

export interface RasaErrorBody {
  version: string;
  status: 'failure';
  message: string;
  reason: string;
  details: Record<string, unknown>;
  help: string | null;
  code: number;
}

export class RasaHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly help: string | null = null,
  ) {
    super(message);
    this.name = 'RasaHttpError';
  }

  toBody(): RasaErrorBody {
    return rasaErrorBody(this.statusCode, this.reason, this.message, this.details, this.help);
  }
}

/** A limit was reached: 429 with Retry-After (set by the error handler) and Rasa's body. */
export class RateLimitedError extends RasaHttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'TooManyRequests', message, { retry_after: retryAfterSeconds });
    this.name = 'RateLimitedError';
  }
}

export function rasaErrorBody(
  code: number,
  reason: string,
  message: string,
  details: Record<string, unknown> = {},
  help: string | null = null,
): RasaErrorBody {
  return { version: RASA_VERSION, status: 'failure', message, reason, details, help, code };
}

/** The JSON schema of the error body, for route response schemas and OpenAPI. */
export const rasaErrorSchema = {
  type: 'object',
  properties: {
    version: { type: 'string' },
    status: { type: 'string', enum: ['failure'] },
    message: { type: 'string' },
    reason: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    help: { type: ['string', 'null'] },
    code: { type: 'integer' },
  },
  required: ['version', 'status', 'message', 'reason', 'details', 'help', 'code'],
} as const;
