// Response fields that grant access (tokens, verify tokens) are marked `x-secret: true` in their
// route's response schema. The admin scope removes them from every answer to a principal that may
// not read secrets (a viewer; ./access.ts, mayReadSecrets), whatever the route, so a new route only
// has to mark its field. The mark is also in the OpenAPI document, and the test that calls every
// admin route as a viewer reads it from there.

/** A string field that grants access, for a response schema. */
export function secretText(description: string) {
  return { type: 'string', description, 'x-secret': true } as const;
}

/** A path to a secret field: property names, `*` for every item of an array. */
export type SecretPath = readonly string[];

interface SchemaNode {
  'x-secret'?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

/** Every path to an `x-secret` property in a JSON schema. */
export function secretPathsOf(schema: unknown, prefix: SecretPath = []): SecretPath[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as SchemaNode;
  const paths: SecretPath[] = [];
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    if (property['x-secret'] === true) paths.push([...prefix, name]);
    else paths.push(...secretPathsOf(property, [...prefix, name]));
  }
  if (node.items) paths.push(...secretPathsOf(node.items, [...prefix, '*']));
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) paths.push(...secretPathsOf(branch, prefix));
  return paths;
}

/** A copy of `value` without the fields at `paths` (the original is left as it is). */
export function withoutSecrets(value: unknown, paths: readonly SecretPath[]): unknown {
  if (paths.length === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const inner = paths.filter((path) => path[0] === '*').map((path) => path.slice(1));
    return inner.length === 0 ? value : value.map((item: unknown) => withoutSecrets(item, inner));
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const path of paths) {
    const [head, ...rest] = path;
    if (head === undefined || head === '*' || !(head in copy)) continue;
    if (rest.length === 0) delete copy[head];
  }
  const nested = new Map<string, SecretPath[]>();
  for (const [head, ...rest] of paths) {
    if (head === undefined || head === '*' || rest.length === 0) continue;
    nested.set(head, [...(nested.get(head) ?? []), rest]);
  }
  for (const [head, inner] of nested) if (head in copy) copy[head] = withoutSecrets(copy[head], inner);
  return copy;
}
