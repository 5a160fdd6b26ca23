// The shapes of the admin API the console reads (see the contract in README.md, "Admin console").
export type Role = 'administrator' | 'agent' | 'viewer' | 'operator';

export interface User {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  active: boolean;
  server: string;
  /** The password is still the one generated at the first start: the console asks to change it. */
  mustChangePassword?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Assistant {
  server: string;
  language: string;
  name: string;
  enabled: boolean;
  accuracyThresholdPercent: number;
  apiAllowedCidrs: string[];
}

export interface FourBizParameter {
  id: number;
  name: string;
  value: string;
}

export interface IntegrationValues {
  assistant: { server: string; language: string; name: string };
  /** Where the addresses come from: HELPER_PUBLIC_URL, or the address this console was opened at. */
  publicAddress: { source: 'configured' | 'request'; origin: string; labels: boolean; assistantOrigin: string };
  fourBiz: {
    parameters: FourBizParameter[];
    fallbackMessage: { id: number; name: string; value: string | null; mentionsMenu: boolean };
    /** `token` only for administrators (the API leaves it out for viewers), and only when set. */
    parametersApiAuthorisation: { tokenStatus: 'set' | 'not set'; token?: string; usage: string[]; allowedAddresses: string[] };
  };
  apiRest: {
    endpoint: string;
    method: string;
    mediaType: string;
    request: Record<string, unknown>;
    answers: Array<{ kind: string; example: Record<string, unknown> }>;
    webChat?: { scriptUrl: string; snippet: string; demoPageUrl: string };
  };
  facebookMessenger: {
    callbackUrl: string;
    verifyTokenStatus: 'set' | 'not set';
    /** Only for administrators, and only when set. */
    verifyToken?: string;
    appSecret: 'set' | 'not set';
    pageAccessToken: 'set' | 'not set';
    needsNewToken: boolean;
    /** The payload of the Page's Get Started button: a postback with it opens the conversation. */
    getStartedPayload: string;
    getStartedPayloadIsDefault: boolean;
    /** The answer to messages that are not text; empty: none. */
    unsupportedReply: string;
    unsupportedReplyIsDefault: boolean;
  };
  whatsapp: WhatsAppValues;
  telegram: TelegramValues;
  /** Rasa's callback channel: whether its URL is set (never the URL). */
  callback: { url: 'set' | 'not set' };
}

/** The channels whose answers go through the outbox and are recorded (`GET …/integrations/{channel}/deliveries`). */
export type DeliveryChannel = 'facebook' | 'whatsapp' | 'telegram' | 'callback';

/**
 * One recorded outcome of an answer: a failure's `detail` has the platform's `status`, `code`,
 * `reason` (in English), and the calls made (`attempts`); `reasonCode` and `reasonParams` say the
 * reason as a stable code (null for older records and for what is no failure).
 */
export interface DeliveryRecord {
  recipient: string;
  messageId: string | null;
  status: string;
  detail: { status?: number | null; code?: number | null; reason?: string; attempts?: number; [key: string]: unknown } | null;
  reasonCode?: string | null;
  reasonParams?: Record<string, string | number> | null;
  occurredAt: string;
}

type SecretState = 'set' | 'not set';

export interface WhatsAppValues {
  callbackUrl: string;
  /** Administrators only; null for viewers and before the channel is set up. */
  /** Administrators only, once set. */
  verifyToken?: string;
  verifyTokenState: SecretState;
  phoneNumberId: string | null;
  appSecret: SecretState;
  accessToken: SecretState;
  needsNewToken: boolean;
  /** The answer to messages that are not text; empty: none. */
  unsupportedReply: string;
  unsupportedReplyIsDefault: boolean;
}

export interface TelegramValues {
  callbackUrl: string;
  botToken: SecretState;
  webhook: { state: SecretState; url: string | null; setAt: string | null };
  needsNewToken: boolean;
  unsupportedReply: string;
  unsupportedReplyIsDefault: boolean;
}

/** A failed check of an integration: `message` is English (the CLI's), `code` and `params` are said in the console's words (the check types keep `{ok: false; message}` for CheckSection's inference; it reads them as this). */
export interface CheckFailure {
  ok: false;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

export type WhatsAppCheck = ({ ok: true; phone: { id: string; displayPhoneNumber: string; verifiedName: string } } | { ok: false; message: string }) & { needsNewToken: boolean };

export type TelegramCheck = (
  | { ok: true; bot: { id: number; username: string; name: string }; webhook: { url: string; pendingUpdateCount: number; lastErrorMessage: string | null; lastErrorDate: string | null } }
  | { ok: false; message: string }
) & { needsNewToken: boolean };

export type TelegramWebhookResult = { ok: true; telegram: TelegramValues } | (CheckFailure & { needsNewToken: boolean });

/** One bot message in the REST channel's shape (Rasa). */
export interface RestMessage {
  recipient_id: string;
  text?: string;
  buttons?: Array<{ title: string; payload: string }>;
  image?: string;
  attachment?: unknown;
  custom?: unknown;
}

export interface TestChatAnswer {
  sender: string;
  messages: RestMessage[];
  understood: { intent: string; confidence: number } | null;
  model: { version: number | string; modelId: string } | null;
  /** What a dialogue was asking for when the message came (slot filling). */
  asking?: { dialogue: string; context: string | null } | null;
  /** Why the assistant answered so (src/dialogue/explain-turn.ts); null without a model. */
  explanation?: TurnExplanation | null;
}

export type TurnDecision =
  | { kind: 'followUp'; dialogue: string; parent: string; intent: string; asks: boolean }
  | { kind: 'dialogue'; dialogue: string; intent: string; asks: boolean }
  | { kind: 'slotFilling'; dialogue: string; asked: string | null; filled: string[]; finished: boolean }
  | { kind: 'digression'; dialogue: string; other: string; intent: string }
  | { kind: 'fallback'; reason: 'belowThreshold' | 'noDialogue'; intent: string | null; confidence: number | null }
  | { kind: 'paused' }
  | { kind: 'none' };

export interface TurnExplanation {
  threshold: number;
  ranking: Array<{ intent: string; confidence: number }>;
  belowThreshold: boolean;
  entities: Array<{ entity: string; value: unknown; text: string | null; extractor: string | null; filled: string | null }>;
  decision: TurnDecision;
  skills: string[];
  contexts: Array<{ name: string; value: unknown; changed: boolean }>;
  /** For a message that fell back, the share that went to everyday talk (at least one half), else null. */
  everydayTalk?: number | null;
}

export type WhyNotReason =
  | { code: 'chosen' }
  | { code: 'outscored'; by: string; confidence: number }
  | { code: 'belowThreshold'; confidence: number; threshold: number }
  | { code: 'notRanked' }
  | { code: 'noDialogue' }
  | { code: 'onlyFollowUp'; parents: string[] }
  | { code: 'everydayTalk'; share: number };

export interface WhyNotAnswer {
  intent: string;
  rank: number | null;
  confidence: number | null;
  threshold: number;
  understood: { intent: string; confidence: number } | null;
  nearest: { text: string; similarity: number } | null;
  understoodNearest: { text: string; similarity: number } | null;
  dialogues: Array<{ name: string; followUpOf: string | null }>;
  reasons: WhyNotReason[];
}

/** `needsNewToken`: whether Meta refused the token (the check sets and clears the warning). */
export type FacebookCheck = ({ ok: true; page: { id: string; name: string } } | { ok: false; message: string }) & { needsNewToken?: boolean };
