// The forms in which a system we call may echo a credential it was sent — in an error message, a
// JSON answer, a URL it quotes — so that what reaches a log, an error body or a preview never
// carries one. One module for every caller that masks outbound credentials: the third-party APIs'
// answers and "testar" (src/third-party-apis/run-api.ts) and the platforms' error texts
// (`redact`, src/channels/core/platform-http.ts: the Graph API, Telegram, the Watson import).

/** Values this short are left: a secret that short would mask half the text and protects nothing. */
const MIN_SECRET_LENGTH = 4;

/**
 * What an Authorization header (or any header holding a credential) sends: its whole value and,
 * for "<scheme> <credential>" ("Basic …", "Bearer …"), the credential after the scheme.
 */
export function headerCredentials(value: string): string[] {
  const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
  return credential === undefined ? [value] : [value, credential];
}

/** A Basic credential's base64 of `user:secret`, as `Authorization: Basic …` carries it. */
export function basicCredential(user: string, secret: string): string {
  return Buffer.from(`${user}:${secret}`).toString('base64');
}

/**
 * A secret as it travels in an Authorization header: the secret itself, `Bearer <secret>` and,
 * with the user it goes with, the Basic credential (`Basic <base64 of user:secret>`, its base64
 * with and without padding: an echo may drop the "=").
 */
export function authorizationForms(secret: string, basicUser?: string): string[] {
  const forms = [secret, `Bearer ${secret}`];
  if (basicUser !== undefined) {
    const base64 = basicCredential(basicUser, secret);
    forms.push(`Basic ${base64}`, base64, base64.replace(/=+$/, ''));
  }
  return forms;
}

/**
 * Each value in the forms a text may echo it: as sent, inside JSON, inside JSON that holds JSON as a
 * string (an echoed body), in a URL, in a form-encoded query (URLSearchParams: "!" as %21, a space
 * as +). Longest first, so a longer form ("Bearer <token>") is masked whole before its parts.
 */
export function echoedForms(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    forms.add(value).add(escaped(value)).add(escaped(escaped(value))).add(encodeURIComponent(value)).add(new URLSearchParams([['', value]]).toString().slice(1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with every one of `forms` (from `echoedForms`) replaced by `mask`. */
export function hideEchoes(text: string, forms: readonly string[], mask: string): string {
  let shown = text;
  for (const form of forms) shown = shown.split(form).join(mask);
  return shown;
}
