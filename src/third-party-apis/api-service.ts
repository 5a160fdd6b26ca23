// Saving, deleting, showing and testing an assistant's third-party APIs: what the admin API, the
// assistant file import and the 4biz pack share. A save checks the whole list (check-apis.ts) in
// the transaction that writes it, seals a secret header's new value, and keeps the sealed value
// when the header comes without one (write-only: the console never sees it to send it back).
import { originOf } from '../outbound/origin.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/store.js';
import { secretBodyPlace, secretHeaderPlace, type BodyField, type ThirdPartyApi } from './api-definition.js';
import { checkApis, type ApiProblem } from './check-apis.js';

export class ApiProblems extends Error {
  constructor(readonly problems: ApiProblem[]) {
    const first = problems[0];
    super(first ? `API "${first.api}" (${first.field}): ${first.message}` : 'invalid APIs');
    this.name = 'ApiProblems';
  }
}

export class ApiInUse extends Error {
  constructor(
    message: string,
    readonly usedBy: Array<{ list: string; name: string; field: string }>,
  ) {
    super(message);
    this.name = 'ApiInUse';
  }
}

export class ApiNotFound extends Error {}

/** An API as shown: a secret header or body field has no value, only `hasValue`. */
export function apiView(api: ThirdPartyApi): ThirdPartyApi {
  return {
    ...api,
    headers: api.headers.map((header) => (header.secret ? { name: header.name, secret: true, hasValue: (header.value ?? '') !== '' } : header)),
    body: api.body.map((field) => (field.secret ? { name: field.name, type: field.type, secret: true, hasValue: typeof field.value === 'string' && field.value !== '' } : field)),
  };
}

export class ApiService {
  constructor(private readonly options: { store: Store; secrets: SecretBox }) {}

  async list(assistantId: number): Promise<ThirdPartyApi[]> {
    return this.options.store.thirdPartyApis.list(assistantId);
  }

  /**
   * Writes `api` in the place of `previousName` (a rename keeps its place; references from other
   * APIs' dependencies and custom skills follow), or appends it. Throws ApiProblems.
   */
  async put(assistantId: number, api: ThirdPartyApi, previousName?: string): Promise<ThirdPartyApi> {
    const { store } = this.options;
    const content = await store.content.load(assistantId);
    const contexts = new Set(content.contexts.map((context) => context.name));
    const from = previousName ?? api.name;
    const saved = await store.thirdPartyApis.edit(assistantId, (apis) => {
      const old = apis.find((item) => item.name === from);
      const sealed = this.sealHeaders(assistantId, api, old);
      const list = old ? apis.map((item) => (item === old ? sealed : item)) : [...apis, sealed];
      const renamed = from === api.name ? list : list.map((item) => (item.dependsOn === from ? { ...item, dependsOn: api.name } : item));
      const problems = checkApis(renamed, contexts);
      if (problems.length > 0) throw new ApiProblems(problems);
      return { apis: renamed, result: sealed };
    });
    if (from !== api.name) {
      await store.content.edit(assistantId, (current) => {
        const skills = current.skills.filter((skill) => skill.kind === 'custom' && skill.custom?.api === from);
        return { changes: { put: { skills: skills.map((skill) => ({ ...skill, custom: { ...(skill.custom ?? { api: '' }), api: api.name } })) } }, result: null };
      });
    }
    return saved;
  }

  /**
   * An assistant file's APIs against what the assistant has: `replace` makes them the list,
   * `merge` replaces those of the same name and keeps the rest. Secret values given in clear are
   * sealed; a secret without a value keeps the one the assistant has. The problems of the result.
   */
  async checkImport(assistantId: number, apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge', contexts: ReadonlySet<string>): Promise<ApiProblem[]> {
    const current = await this.options.store.thirdPartyApis.list(assistantId);
    return checkApis(this.imported(assistantId, current, apis, mode), contexts);
  }

  /** Writes an assistant file's APIs (as checkImport reads them); throws ApiProblems. */
  async saveImport(assistantId: number, apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge', contexts: ReadonlySet<string>): Promise<void> {
    await this.options.store.thirdPartyApis.edit(assistantId, (current) => {
      const next = this.imported(assistantId, current, apis, mode);
      const problems = checkApis(next, contexts);
      if (problems.length > 0) throw new ApiProblems(problems);
      return { apis: next, result: null };
    });
  }

  private imported(assistantId: number, current: readonly ThirdPartyApi[], apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge'): ThirdPartyApi[] {
    const sealed = apis.map((api) => this.sealHeaders(assistantId, api, current.find((item) => item.name === api.name)));
    if (mode === 'replace') return sealed;
    const names = new Set(sealed.map((api) => api.name));
    return [...current.filter((api) => !names.has(api.name)), ...sealed];
  }

  async delete(assistantId: number, name: string): Promise<void> {
    const { store } = this.options;
    const content = await store.content.load(assistantId);
    const skills = content.skills.filter((skill) => skill.kind === 'custom' && skill.custom?.api === name);
    await store.thirdPartyApis.edit(assistantId, (apis) => {
      if (!apis.some((api) => api.name === name)) throw new ApiNotFound(`API "${name}" does not exist`);
      const usedBy = [
        ...skills.map((skill) => ({ list: 'skills', name: skill.name, field: 'custom.api' })),
        ...apis.filter((api) => api.dependsOn === name).map((api) => ({ list: 'apis', name: api.name, field: 'dependsOn' })),
      ];
      if (usedBy.length > 0) throw new ApiInUse(`API "${name}" is still used by ${usedBy.map((use) => `${use.list === 'apis' ? 'API' : 'skill'} "${use.name}"`).join(', ')}`, usedBy);
      return { apis: apis.filter((api) => api.name !== name), result: null };
    });
  }

  private sealHeaders(assistantId: number, api: ThirdPartyApi, stored: ThirdPartyApi | undefined): ThirdPartyApi {
    const { secrets } = this.options;
    // A stored secret goes only where it went before: an API moved to another host needs its
    // secrets given again (otherwise whoever may edit it could send them, with "testar", to a
    // host of their choosing).
    const old = stored !== undefined && apiOrigin(stored.url) === apiOrigin(api.url) ? stored : undefined;
    const body = api.body.map((field): BodyField => {
      const { hasValue: _shown, ...rest } = field as BodyField & { hasValue?: boolean };
      if (!field.secret) return rest;
      const place = secretBodyPlace(assistantId, api.name, field.name);
      if (typeof field.value === 'string' && field.value !== '') return { name: field.name, type: 'text', value: secrets.encrypt(field.value, place), secret: true };
      const previous = old?.body.find((item) => item.secret && item.name === field.name);
      if (old === undefined || typeof previous?.value !== 'string' || previous.value === '') return { name: field.name, type: 'text', value: '', secret: true };
      const opened = secrets.decrypt(previous.value, secretBodyPlace(assistantId, old.name, previous.name));
      return { name: field.name, type: 'text', value: secrets.encrypt(opened, place), secret: true };
    });
    return {
      ...api,
      body,
      headers: api.headers.map((header) => {
        if (!header.secret) return { name: header.name, value: header.value ?? '' };
        const place = secretHeaderPlace(assistantId, api.name, header.name);
        if (header.value !== undefined && header.value !== '') return { name: header.name, value: secrets.encrypt(header.value, place), secret: true };
        // Kept: re-sealed for its new place when the API or the header was renamed.
        const previous = old?.headers.find((item) => item.secret && item.name.toLowerCase() === header.name.toLowerCase());
        if (previous?.value === undefined || previous.value === '' || old === undefined) return { name: header.name, value: '', secret: true };
        const opened = secrets.decrypt(previous.value, secretHeaderPlace(assistantId, old.name, previous.name));
        return { name: header.name, value: secrets.encrypt(opened, place), secret: true };
      }),
    };
  }
}

/** Scheme, host and port of an API's URL, `{context}` placeholders read as text (the URL itself when it is none). */
function apiOrigin(url: string): string {
  return originOf(url.replace(/\{[^}]*\}/g, 'x')) || url;
}
