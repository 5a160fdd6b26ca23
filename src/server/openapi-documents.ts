// Two OpenAPI documents from the one that @fastify/swagger builds from the routes' schemas: the
// bot API's (/openapi.json: Rasa's routes and the channels) and the admin API's
// (/api/admin/openapi.json), so a client generator for one never sees the other.
import { PLATFORM_VERSION } from './platform-version.js';

export const ADMIN_PREFIX = '/api/admin';

interface OpenApiDocument {
  info?: object;
  paths?: object;
  components?: { schemas?: object; securitySchemes?: object };
  security?: object[];
}

const ADMIN_DESCRIPTION = [
  'Administration of Helper Assistant: servers, assistants, Integrações values, and the content of each assistant',
  '(themes, intents, contexts, skills, dialogues, images).',
  '',
  'Authentication: `Authorization: Bearer <HELPER_ADMIN_TOKEN>` (the platform operator). Reading (GET) needs any role,',
  'changing anything needs an administrator. Errors: `{"error": {"code", "message", "field"?, "problems"?, "usedBy"?}}`;',
  '`field` names the request field at fault as a dot path with list indices (`phrases.2.text`, `buttons.0.payload`).',
  'Content edits are one transaction each: on any error nothing is written. They change what the assistant answers',
  'only after the next training.',
].join('\n');

/** Keeps the schemas the kept paths refer to (directly or through another kept schema). */
function withUsedSchemas(document: OpenApiDocument, paths: Record<string, unknown>): OpenApiDocument['components'] {
  const all = (document.components?.schemas ?? {}) as Record<string, unknown>;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    for (const match of JSON.stringify(value).matchAll(/#\/components\/schemas\/([^"]+)/g)) {
      const name = match[1] ?? '';
      if (used.has(name)) continue;
      used.add(name);
      visit(all[name]);
    }
  };
  visit(paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
  return { ...document.components, schemas };
}

function split(document: OpenApiDocument, admin: boolean): OpenApiDocument {
  const paths = Object.fromEntries(Object.entries(document.paths ?? {}).filter(([path]) => path.startsWith(`${ADMIN_PREFIX}/`) === admin));
  return { ...document, paths, components: withUsedSchemas(document, paths) };
}

export function botApiDocument(document: OpenApiDocument): OpenApiDocument {
  return split(document, false);
}

export function adminApiDocument(document: OpenApiDocument): OpenApiDocument {
  const adminPart = split(document, true);
  return {
    ...adminPart,
    info: { title: 'Helper Assistant admin API', description: ADMIN_DESCRIPTION, version: PLATFORM_VERSION },
    components: {
      ...adminPart.components,
      securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: 'HELPER_ADMIN_TOKEN' } },
    },
    security: [{ operatorToken: [] }],
  };
}
