// Where a secret may go: the scheme, host and port of the address it was set for. A stored
// credential (an action server's token, the Watson key, a third-party API's secret header) is sent
// only while the address keeps that origin; a new one needs it given again.

/** The scheme, host and port of an address (`https://api.example:8443`), or '' when it is not one. */
export function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : '';
}
