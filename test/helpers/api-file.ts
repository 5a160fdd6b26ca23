// An assistant file (our YAML) with the third-party API "chamado": a secret header `x-key` (with
// its value when one is given, as an export leaves it out otherwise), mapping `status` (or
// `mapping`) into the context "estado"; `more` is YAML of further APIs, indented as list items.
export function fileWithApi(options: { secret?: string; mapping?: string; more?: string } = {}): string {
  return `version: 1
contexts:
  - {name: ticket, type: text}
  - {name: estado, type: text}
apis:
  - name: chamado
    method: GET
    url: https://tickets.example.test/tickets/{ticket}
    headers:
      - {name: x-key, secret: true${options.secret === undefined ? '' : `, value: ${options.secret}`}}
    mappings: [{path: ${options.mapping ?? 'status'}, context: estado}]
${options.more ?? ''}`;
}
