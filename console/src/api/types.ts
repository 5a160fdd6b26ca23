// The shapes of the admin API the console reads (see the contract in README.md, "Admin console").
export type Role = 'administrator' | 'viewer';

export interface User {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  active: boolean;
  server: string;
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
  fourBiz: {
    parameters: FourBizParameter[];
    fallbackMessage: { id: number; name: string; value: string | null; mentionsMenu: boolean };
    parametersApiAuthorisation: { token: string; usage: string[]; allowedAddresses: string[] };
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
    verifyToken: string;
    appSecret: 'set' | 'not set';
    pageAccessToken: 'set' | 'not set';
    needsNewToken: boolean;
  };
}

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
}

/** `needsNewToken`: whether Meta refused the token (the check sets and clears the warning). */
export type FacebookCheck = ({ ok: true; page: { id: string; name: string } } | { ok: false; message: string }) & { needsNewToken?: boolean };
