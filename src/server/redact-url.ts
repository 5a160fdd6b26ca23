// Credentials sometimes travel in query strings (Rasa's ?token=); they never reach a log line.
const SECRET_PARAMS = /([?&](?:token|access_token|hub\.verify_token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}
