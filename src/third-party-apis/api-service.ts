// Saving, deleting, showing and testing an assistant's third-party APIs: what the admin API, the
// assistant file import and the 4biz pack share. A save checks the whole list (check-apis.ts) in
// the transaction that writes it, seals a secret header's new value, and keeps the sealed value
// when the header comes without one (write-only: the console never sees it to send it back). Each
// write is one content version (list `apis`, src/store/versions), with what the content gets in the
// same transaction (a rename's custom skills, an imported file's content).
import { originOf } from '../outbound/origin.js';
import { SecretKeyError, type SecretBox, type SecretPlace } from '../secrets/secret-box.js';
import type { AssistantContent } from '../assistant/content.js';
import type { ContentAuthor, Store } from '../store/store.js';
import { secretBodyPlace, secretHeaderPlace, type BodyField, type ThirdPartyApi } from './api-definition.js';
import { checkApis, type ApiProblem } from './check-apis.js';
import { diffApis, type ApiChange } from './api-changes.js';

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

/** A restore of one API whose sealed secret no longer opens (the secret key changed): nothing written. */
export class SecretsNotRestored extends Error {
  constructor(readonly problems: RestoreProblem[]) {
    const first = problems[0];
    super(first ? `${first.message}; nothing was restored: edit the API and give the secret` : 'a secret could not be restored');
    this.name = 'SecretsNotRestored';
  }
}

/** A secret a restore could not bring back (src/admin-api/problem-codes.ts `secret_not_restored`). */
export interface RestoreProblem {
  api: string;
  field: string;
  code: 'secret_not_restored';
  params: { api: string; field: string };
  message: string;
}

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
   * APIs' dependencies and custom skills follow, in the same transaction), or appends it. Recorded
   * as one content version (`author`). Throws ApiProblems.
   */
  async put(assistantId: number, api: ThirdPartyApi, previousName?: string, author?: ContentAuthor): Promise<ThirdPartyApi> {
    const from = previousName ?? api.name;
    return this.options.store.thirdPartyApis.edit(
      assistantId,
      (apis, content) => {
        const old = apis.find((item) => item.name === from);
        const sealed = this.sealHeaders(assistantId, api, old);
        const list = old ? apis.map((item) => (item === old ? sealed : item)) : [...apis, sealed];
        const renamed = from === api.name ? list : list.map((item) => (item.dependsOn === from ? { ...item, dependsOn: api.name } : item));
        const problems = checkApis(renamed, new Set(content.contexts.map((context) => context.name)));
        if (problems.length > 0) throw new ApiProblems(problems);
        if (old === undefined || from === api.name) return { apis: renamed, result: sealed };
        const skills = content.skills.filter((skill) => skill.kind === 'custom' && skill.custom?.api === from);
        return {
          apis: renamed,
          result: sealed,
          renames: [{ from, to: api.name }],
          ...(skills.length === 0 ? {} : { content: { put: { skills: skills.map((skill) => ({ ...skill, custom: { ...(skill.custom ?? { api: '' }), api: api.name } })) } } }),
        };
      },
      { action: 'edit', ...(author ?? { actor: 'system' }) },
    );
  }

  /**
   * An assistant file's APIs against what the assistant has: `replace` makes them the list,
   * `merge` replaces those of the same name and keeps the rest. Secret values given in clear are
   * sealed; a secret without a value keeps the one the assistant has. The problems of the result.
   */
  async checkImport(assistantId: number, apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge', contexts: ReadonlySet<string>): Promise<ApiProblem[]> {
    return (await this.previewImport(assistantId, apis, mode, contexts)).problems;
  }

  /**
   * What checkImport checks, and what the import would change in the APIs (added, changed,
   * removed, by name: a secret given a value counts as a change, as it is written anew). Nothing
   * is written; no secret's value is in the answer.
   */
  async previewImport(assistantId: number, apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge', contexts: ReadonlySet<string>): Promise<{ problems: ApiProblem[]; changes: ApiChange[] }> {
    const current = await this.options.store.thirdPartyApis.list(assistantId);
    const next = this.imported(assistantId, current, apis, mode);
    return { problems: checkApis(next, contexts), changes: diffApis(current, next) };
  }

  /**
   * The list an import makes of `current` (the APIs as they are, read in the caller's transaction)
   * with the file's `apis`, checked against `contexts` (the content's after the import): what
   * saveImport and Migrações (src/store/imports) write. Throws ApiProblems.
   */
  importedList(assistantId: number, current: readonly ThirdPartyApi[], apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge', contexts: ReadonlySet<string>): ThirdPartyApi[] {
    const next = this.imported(assistantId, current, apis, mode);
    const problems = checkApis(next, contexts);
    if (problems.length > 0) throw new ApiProblems(problems);
    return next;
  }

  /**
   * Writes an assistant file's APIs (as checkImport reads them) and, when given, the file's content,
   * in one transaction recorded as one version (`author`); throws ApiProblems.
   */
  async saveImport(
    assistantId: number,
    apis: readonly ThirdPartyApi[],
    mode: 'replace' | 'merge',
    contexts: ReadonlySet<string>,
    options: { content?: AssistantContent; author?: ContentAuthor } = {},
  ): Promise<void> {
    await this.options.store.thirdPartyApis.edit(
      assistantId,
      (current, content) => {
        // With the file's content, its contexts as they will be, read in this transaction (a
        // context deleted meanwhile is not counted).
        const known =
          options.content === undefined ? contexts : new Set([...(mode === 'merge' ? content.contexts : []), ...options.content.contexts].map((context) => context.name));
        const next = this.importedList(assistantId, current, apis, mode, known);
        return { apis: next, result: null, ...(options.content === undefined ? {} : { save: { content: options.content, mode } }) };
      },
      { action: 'import', ...(options.author ?? { actor: 'system' }) },
    );
  }

  private imported(assistantId: number, current: readonly ThirdPartyApi[], apis: readonly ThirdPartyApi[], mode: 'replace' | 'merge'): ThirdPartyApi[] {
    const sealed = apis.map((api) => this.sealHeaders(assistantId, api, current.find((item) => item.name === api.name)));
    if (mode === 'replace') return sealed;
    const names = new Set(sealed.map((api) => api.name));
    return [...current.filter((api) => !names.has(api.name)), ...sealed];
  }

  /** Deletes an API no custom skill nor other API uses (ApiInUse), recorded as a version (`author`). */
  async delete(assistantId: number, name: string, author?: ContentAuthor): Promise<void> {
    await this.options.store.thirdPartyApis.edit(
      assistantId,
      (apis, content) => {
        if (!apis.some((api) => api.name === name)) throw new ApiNotFound(`API "${name}" does not exist`);
        const skills = content.skills.filter((skill) => skill.kind === 'custom' && skill.custom?.api === name);
        const usedBy = [
          ...skills.map((skill) => ({ list: 'skills', name: skill.name, field: 'custom.api' })),
          ...apis.filter((api) => api.dependsOn === name).map((api) => ({ list: 'apis', name: api.name, field: 'dependsOn' })),
        ];
        if (usedBy.length > 0) throw new ApiInUse(`API "${name}" is still used by ${usedBy.map((use) => `${use.list === 'apis' ? 'API' : 'skill'} "${use.name}"`).join(', ')}`, usedBy);
        return { apis: apis.filter((api) => api.name !== name), result: null };
      },
      { action: 'delete', ...(author ?? { actor: 'system' }) },
    );
  }

  /**
   * The secret headers (`headers:<name in lower case>`) and body fields (`body:<name>`) of `after`
   * whose value differs from `before`'s (an API's two states in the history): sealed values are
   * opened to compare, never returned. One that cannot be opened counts as changed when its sealed
   * text differs.
   */
  secretsChanged(assistantId: number, before: ThirdPartyApi, after: ThirdPartyApi): Set<string> {
    const { secrets } = this.options;
    const open = (sealed: unknown, place: { assistantId: number; name: string }): string | undefined => {
      if (typeof sealed !== 'string' || sealed === '') return '';
      try {
        return secrets.decrypt(sealed, place);
      } catch {
        return undefined;
      }
    };
    const differs = (old: unknown, oldPlace: { assistantId: number; name: string }, now: unknown, nowPlace: { assistantId: number; name: string }): boolean => {
      const a = open(old, oldPlace);
      const b = open(now, nowPlace);
      return a === undefined || b === undefined ? old !== now : a !== b;
    };
    const changed = new Set<string>();
    for (const header of after.headers) {
      if (!header.secret) continue;
      const previous = before.headers.find((item) => item.secret && item.name.toLowerCase() === header.name.toLowerCase());
      if (previous === undefined) continue;
      if (differs(previous.value, secretHeaderPlace(assistantId, before.name, previous.name), header.value, secretHeaderPlace(assistantId, after.name, header.name))) changed.add(`headers:${header.name.toLowerCase()}`);
    }
    for (const field of after.body) {
      if (!field.secret) continue;
      const previous = before.body.find((item) => item.secret && item.name === field.name);
      if (previous === undefined) continue;
      if (differs(previous.value, secretBodyPlace(assistantId, before.name, previous.name), field.value, secretBodyPlace(assistantId, after.name, field.name))) changed.add(`body:${field.name}`);
    }
    return changed;
  }

  /**
   * Writes one API as a version had it (`api`, in its place, or appended), its sealed secrets
   * checked as in `restoredApis`; recorded as a version (`author`). Throws SecretsNotRestored when a
   * secret of it cannot come back (an API without its secret is not a valid one: it is edited
   * instead), ApiProblems when the list it makes is not valid (a context it uses is gone, an API it
   * depends on).
   */
  async restoreOne(assistantId: number, api: ThirdPartyApi, author: ContentAuthor): Promise<void> {
    return this.options.store.thirdPartyApis.edit(
      assistantId,
      (apis, content) => {
        const { apis: restored, problems } = this.restoredApis(assistantId, [api], apis);
        if (problems.length > 0) throw new SecretsNotRestored(problems);
        const back = restored[0] ?? api;
        const index = apis.findIndex((item) => item.name === api.name);
        const list = index === -1 ? [...apis, back] : apis.map((item, position) => (position === index ? back : item));
        const invalid = checkApis(list, new Set(content.contexts.map((context) => context.name)));
        if (invalid.length > 0) throw new ApiProblems(invalid);
        return { apis: list, result: undefined };
      },
      author,
    );
  }

  /**
   * The APIs a restore of the content versions writes (`restored`, as they were after the version),
   * their sealed secrets checked: a version keeps an API's sealed values as stored, bound to this
   * assistant, the API's name and the header's or field's (src/secrets), so one comes back only to
   * the API (and the URL) it was sealed for. An API that differs from `current` keeps each sealed
   * value that opens for its place (a `v1:` value, bound to nothing, is sealed again for it); one
   * that does not open (the secret key changed, the value was altered) is cleared and named in
   * `problems` (`secret_not_restored`): that API needs the secret given again.
   */
  restoredApis(assistantId: number, restored: readonly ThirdPartyApi[], current: readonly ThirdPartyApi[]): { apis: ThirdPartyApi[]; problems: RestoreProblem[] } {
    const { secrets } = this.options;
    const now = new Map(current.map((api) => [api.name, JSON.stringify(api)]));
    const problems: RestoreProblem[] = [];
    const reopened = (sealed: unknown, place: { assistantId: number; name: string }, api: string, field: string): string => {
      if (typeof sealed !== 'string' || sealed === '') return '';
      try {
        const opened = secrets.decrypt(sealed, place);
        return sealed.startsWith('v2:') ? sealed : secrets.encrypt(opened, place);
      } catch {
        problems.push({ api, field, code: 'secret_not_restored', params: { api, field }, message: `the secret value of API "${api}" (${field}) could not be restored: give it again` });
        return '';
      }
    };
    const apis = restored.map((api) => {
      if (now.get(api.name) === JSON.stringify(api)) return api;
      return {
        ...api,
        headers: api.headers.map((header, index) => (header.secret ? { ...header, value: reopened(header.value, secretHeaderPlace(assistantId, api.name, header.name), api.name, `headers.${index}.value`) } : header)),
        body: api.body.map((field, index) => (field.secret ? { ...field, value: reopened(field.value, secretBodyPlace(assistantId, api.name, field.name), api.name, `body.${index}.value`) } : field)),
      };
    });
    return { apis, problems };
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
      // Kept as sealed while its place is the same (an unchanged save is no change in the history);
      // a `v1:` value is sealed again, bound to its place.
      if (old.name === api.name && previous.value.startsWith('v2:')) return { name: field.name, type: 'text', value: previous.value, secret: true };
      return { name: field.name, type: 'text', value: this.resealed(previous.value, secretBodyPlace(assistantId, old.name, previous.name), place), secret: true };
    });
    return {
      ...api,
      body,
      headers: api.headers.map((header) => {
        if (!header.secret) return { name: header.name, value: header.value ?? '' };
        const place = secretHeaderPlace(assistantId, api.name, header.name);
        if (header.value !== undefined && header.value !== '') return { name: header.name, value: secrets.encrypt(header.value, place), secret: true };
        // Kept: as sealed in the same place, re-sealed for its new place when the API or the header was renamed.
        const previous = old?.headers.find((item) => item.secret && item.name.toLowerCase() === header.name.toLowerCase());
        if (previous?.value === undefined || previous.value === '' || old === undefined) return { name: header.name, value: '', secret: true };
        if (old.name === api.name && previous.name.toLowerCase() === header.name.toLowerCase() && previous.value.startsWith('v2:')) return { name: header.name, value: previous.value, secret: true };
        return { name: header.name, value: this.resealed(previous.value, secretHeaderPlace(assistantId, old.name, previous.name), place), secret: true };
      }),
    };
  }

  /**
   * A kept secret sealed again for its new place; empty when it no longer opens (the secret key
   * changed, a value altered), as if there were none: the save then asks for it
   * (`secret_needs_value`, at its place) instead of failing whole.
   */
  private resealed(sealed: string, from: SecretPlace, to: SecretPlace): string {
    const { secrets } = this.options;
    try {
      return secrets.encrypt(secrets.decrypt(sealed, from), to);
    } catch (error: unknown) {
      if (error instanceof SecretKeyError) return '';
      throw error;
    }
  }
}

/** Scheme, host and port of an API's URL, `{context}` placeholders read as text (the URL itself when it is none). */
function apiOrigin(url: string): string {
  return originOf(url.replace(/\{[^}]*\}/g, 'x')) || url;
}
