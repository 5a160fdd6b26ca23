// Imports an IBM Watson Assistant v1 workspace (the JSON its "Download" or
// `GET /workspaces/{id}?export=true` gives) into our model, with a report of what was kept and,
// one line per node or value, what was skipped and why (README.md, "Importing a Watson workspace").
// The mapping follows shared knowledge of the format: intents → intents, synonym entities → text
// contexts, pattern entities → regexes, root nodes on #intents → dialogues, child nodes on
// #intents or on an option's value → follow-ups, `anything_else` → the fallback skill.
import type { AssistantFile } from '../file/assistant-file.js';
import { emptyContent, MAX_GREETING_LENGTH, type Button, type ContextValue, type Dialogue, type Intent, type Skill } from '../content.js';
import { dropUnsoundItems, plural, reportLine, type ImportReport, type ReportCode, type ReportItemCode, type ReportParams, type ReportReason, type ReportSubject } from './import-report.js';
import { regexProblem } from '../regex-problem.js';
import { validSymbolName } from './valid-symbol-name.js';

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A workspace has Watson's own keys; neither our format nor Rasa's uses `dialog_nodes`. */
export function isWatsonWorkspace(value: unknown): boolean {
  const top = record(value);
  return top !== undefined && Array.isArray(top['intents']) && (Array.isArray(top['dialog_nodes']) || 'workspace_id' in top || Array.isArray(top['counterexamples']));
}

const LANGUAGES: Record<string, string> = { 'pt-br': 'pt', pt: 'pt', en: 'en', es: 'es' };

interface WatsonNode {
  id: string;
  title?: string;
  parent?: string;
  previousSibling?: string;
  conditions: string;
  type: string;
  raw: Json;
}

interface NodeAnswer {
  skill?: Omit<Skill, 'name'>;
  /** Parts of the output that have no equivalent. */
  lost: ReportReason[];
}

/** Rebuilds each parent's children in order by following the `previous_sibling` chain. */
function childrenByParent(nodes: WatsonNode[]): Map<string | undefined, WatsonNode[]> {
  const groups = new Map<string | undefined, WatsonNode[]>();
  for (const node of nodes) groups.set(node.parent, [...(groups.get(node.parent) ?? []), node]);
  for (const [parent, group] of groups) {
    const next = new Map(group.filter((node) => node.previousSibling !== undefined).map((node) => [node.previousSibling, node] as const));
    const ordered: WatsonNode[] = [];
    const seen = new Set<string>();
    let current = group.find((node) => node.previousSibling === undefined || !group.some((other) => other.id === node.previousSibling));
    while (current && !seen.has(current.id)) {
      ordered.push(current);
      seen.add(current.id);
      current = next.get(current.id);
    }
    // A broken chain keeps the nodes it lost, in the file's order.
    for (const node of group) if (!seen.has(node.id)) ordered.push(node);
    groups.set(parent, ordered);
  }
  return groups;
}

/**
 * What of a node has no equivalent and is not reported elsewhere: its digression settings, its
 * actions (client and cloud functions), a legacy output action.
 */
function notCarried(node: Json): string[] {
  const features: string[] = [];
  const digressions = ['digress_in', 'digress_out', 'digress_out_slots'].filter((key) => typeof node[key] === 'string').map((key) => `${key}: ${String(node[key])}`);
  if (digressions.length > 0) features.push(`digressions (${digressions.join(', ')})`);
  const actions = list(node['actions']).map((action) => text(record(action)?.['name']) ?? '?');
  if (actions.length > 0) features.push(`actions (${actions.join(', ')})`);
  const output = record(node['output']);
  const legacy = ['action', 'actions', 'ui_action'].filter((key) => output?.[key] !== undefined);
  if (legacy.length > 0) features.push(`output ${legacy.join(', ')}`);
  return features;
}

/** Text that our answers can carry as written: no Watson expressions or context variables. */
function textProblem(value: string): ReportReason | undefined {
  if (value.includes('<?')) return { code: 'text_expression', params: { text: value } };
  const variable = /\$[A-Za-z_][\w-]*/.exec(value);
  if (variable) return { code: 'text_variable', params: { text: value, variable: variable[0] } };
  if (/[{}]/.test(value)) return { code: 'text_braces', params: { text: value }, detail: `text "${value}" has braces, which our answers read as {placeholders}` };
  // Watson's shorthand for a recognised entity's value (not an e-mail address's @).
  const entity = /(?:^|[\s(])(@[A-Za-z_][\w-]*)/.exec(value);
  if (entity) return { code: 'text_entity', params: { text: value, entity: entity[1] as string } };
  return undefined;
}

class WatsonImport {
  readonly file: AssistantFile = { content: emptyContent(), format: 'watson' };
  readonly report: ImportReport = { source: 'watson', lines: [] };
  private readonly intentNames = new Map<string, string>();
  private readonly skillNames = new Set<string>();
  private readonly dialogueNames = new Set<string>();
  /** The skill each node's output became. */
  private readonly skillOfNode = new Map<string, string>();
  /** The dialogue each node became. */
  private readonly dialogueOfNode = new Map<string, Dialogue>();
  private nodes: WatsonNode[] = [];
  private children = new Map<string | undefined, WatsonNode[]>();

  kept(subject: ReportSubject, code: ReportCode, params?: ReportParams, detail?: string): void {
    this.report.lines.push(reportLine('kept', subject, code, params, detail));
  }

  skipped(subject: ReportSubject, code: ReportCode, params?: ReportParams, detail?: string): void {
    this.report.lines.push(reportLine('skipped', subject, code, params, detail));
  }

  skippedFor(subject: ReportSubject, reason: ReportReason): void {
    this.skipped(subject, reason.code, reason.params, reason.detail);
  }

  /** A node as report lines name it: `"node_3" (Horário)`, as the item `node` (or another about a node). */
  describe(node: WatsonNode, itemCode: ReportItemCode = 'node', more: ReportParams = {}): ReportSubject {
    return [itemCode, { node: `"${node.id}"${node.title ? ` (${node.title})` : ''}`, ...more }];
  }

  uniqueName(wanted: string, taken: Set<string>): string {
    let name = wanted.trim().slice(0, 90) || 'node';
    for (let index = 2; taken.has(name); index += 1) name = `${wanted.trim().slice(0, 90)} ${index}`;
    taken.add(name);
    return name;
  }

  readIntents(intents: unknown[]): void {
    for (const raw of intents) {
      const intent = record(raw);
      const original = text(intent?.['intent']);
      if (!intent || !original) {
        this.skipped(['intent_unnamed'], 'intent_unnamed');
        continue;
      }
      const name = validSymbolName(original, new Set(this.intentNames.values()));
      const phrases = list(intent['examples'])
        .map((example) => text(record(example)?.['text'])?.trim() ?? '')
        .filter((phrase, index, all) => phrase !== '' && all.indexOf(phrase) === index)
        .map((phrase) => ({ text: phrase }));
      const item: ReportSubject = ['intent', { name: original }];
      if (phrases.length === 0) {
        this.skipped(item, 'no_examples');
        continue;
      }
      if (name !== original) this.report.lines.push(reportLine('renamed', item, 'renamed', { name }));
      const mentions = list(intent['examples']).filter((example) => list(record(example)?.['mentions']).length > 0).length;
      if (mentions > 0) this.skipped(item, 'mentions_left_out', { count: mentions }, `entity mentions in ${mentions} example${plural(mentions)} were left out (the phrases were kept)`);
      this.intentNames.set(original, name);
      this.file.content.intents.push({ name, phrases } satisfies Intent);
    }
    this.kept(['intents'], 'intents_kept', { intents: this.file.content.intents.length, phrases: this.file.content.intents.reduce((sum, intent) => sum + intent.phrases.length, 0) });
  }

  readEntities(entities: unknown[]): void {
    const contextNames = new Set<string>();
    for (const raw of entities) {
      const entity = record(raw);
      const original = text(entity?.['entity']);
      if (!entity || !original) {
        this.skipped(['entity_unnamed'], 'entity_unnamed');
        continue;
      }
      const item: ReportSubject = ['entity', { name: original }];
      if (original.startsWith('sys-')) {
        this.skipped(item, 'system_entity');
        continue;
      }
      const name = validSymbolName(original, contextNames);
      if (name !== original) this.report.lines.push(reportLine('renamed', item, 'renamed', { name }));
      if (entity['fuzzy_match'] === true) this.skipped(item, 'fuzzy_match');
      const values: ContextValue[] = [];
      const words = new Set<string>();
      let patterns = 0;
      for (const rawValue of list(entity['values'])) {
        const value = record(rawValue);
        const word = text(value?.['value'])?.trim();
        if (!value || !word) continue;
        const valueItem: ReportSubject = ['entity_value', { value: word, entity: original }];
        if (value['type'] === 'patterns') {
          for (const pattern of list(value['patterns']).map(text)) {
            if (pattern === undefined || pattern.trim() === '') continue;
            const problem = regexProblem(pattern);
            if (problem) this.skipped(valueItem, 'pattern_invalid', { pattern, problem });
            else {
              this.file.content.regexes.push({ name, pattern });
              patterns += 1;
            }
          }
          continue;
        }
        if (words.has(word.toLowerCase())) {
          this.skipped(valueItem, 'word_twice');
          continue;
        }
        words.add(word.toLowerCase());
        const synonyms: string[] = [];
        for (const synonym of list(value['synonyms']).map(text)) {
          const trimmed = synonym?.trim();
          if (!trimmed) continue;
          if (words.has(trimmed.toLowerCase())) {
            this.skipped(['entity_synonym', { synonym: trimmed, value: word, entity: original }], 'word_twice');
            continue;
          }
          words.add(trimmed.toLowerCase());
          synonyms.push(trimmed);
        }
        values.push({ value: word, synonyms });
      }
      if (values.length > 0) {
        this.file.content.contexts.push({ name, type: 'text', values });
        this.kept(item, 'text_context_kept', { name, count: values.length });
      }
      if (patterns > 0) this.kept(item, 'regexes_kept', { count: patterns, name }, `${patterns} regex pattern${plural(patterns)} "${name}"`);
      if (values.length === 0 && patterns === 0) this.skipped(item, 'no_values');
    }
  }

  readNodes(rawNodes: unknown[]): void {
    const seen = new Set<string>();
    for (const raw of rawNodes) {
      const node = record(raw);
      const id = text(node?.['dialog_node']);
      if (!node || !id) {
        this.skipped(['node_unnamed'], 'node_unnamed');
        continue;
      }
      // Watson refuses a workspace with either; read anyway, a second node of an id would make its
      // children and jumps ambiguous, and a parent that is not text would make a child a root.
      if (seen.has(id)) {
        this.skipped(['node', { node: `"${id}"` }], 'node_duplicate');
        continue;
      }
      seen.add(id);
      const mistyped = NODE_TEXT_FIELDS.find((field) => node[field] !== undefined && node[field] !== null && typeof node[field] !== 'string');
      if (mistyped) {
        this.skipped(['node', { node: `"${id}"` }], 'node_field_not_text', { field: mistyped });
        continue;
      }
      this.nodes.push({
        id,
        ...(text(node['title']) ? { title: text(node['title']) as string } : {}),
        ...(text(node['parent']) ? { parent: text(node['parent']) as string } : {}),
        ...(text(node['previous_sibling']) ? { previousSibling: text(node['previous_sibling']) as string } : {}),
        conditions: (text(node['conditions']) ?? '').trim(),
        type: text(node['type']) ?? 'standard',
        raw: node,
      });
    }
    this.children = childrenByParent(this.nodes);
    for (const node of this.nodes) this.makeSkill(node);
    this.readLevel(this.children.get(undefined) ?? [], undefined);
    this.reportUnreachable();
    for (const node of this.nodes) this.readJump(node);
    // Skills of nodes that became no dialogue would only be clutter.
    const used = new Set(this.file.content.dialogues.map((dialogue) => dialogue.skill));
    this.file.content.skills = this.file.content.skills.filter((skill) => skill.fallback || used.has(skill.name) || skill.name === this.greeting);
  }

  /** Nodes no root leads to (a parent missing from the workspace, parents in a cycle): never read, so reported here. */
  private reportUnreachable(): void {
    const reached = new Set<string>();
    const visit = (parent: string | undefined): void => {
      for (const node of this.children.get(parent) ?? []) {
        if (reached.has(node.id)) continue;
        reached.add(node.id);
        visit(node.id);
      }
    };
    visit(undefined);
    for (const node of this.nodes) {
      if (!reached.has(node.id)) this.skipped(this.describe(node), 'parent_missing', { parent: node.parent ?? '' });
    }
  }

  private greeting: string | undefined;
  /** Conditional responses used as their node's only answer. */
  private readonly unconditionalAnswers = new Set<string>();

  /** The node's output as a skill (registered by node), with what could not be carried. */
  private makeSkill(node: WatsonNode): void {
    const answer = this.readOutput(node);
    for (const lost of answer.lost) this.skippedFor(this.describe(node, 'node_output'), lost);
    const assigned = Object.keys(record(node.raw['context']) ?? {});
    const names = assigned.map((key) => `$${key}`).join(', ');
    if (assigned.length > 0) this.skipped(this.describe(node, 'node_context'), 'context_variables', { names }, `setting context variable${plural(assigned.length)} ${names} has no equivalent`);
    const features = notCarried(node.raw);
    if (features.length > 0) this.skipped(this.describe(node), 'node_not_carried', { features: features.join('; ') });
    if (!answer.skill) return;
    const name = this.uniqueName(node.title ?? node.id, this.skillNames);
    this.file.content.skills.push({ name, ...answer.skill });
    this.skillOfNode.set(node.id, name);
  }

  private readOutput(node: WatsonNode): NodeAnswer {
    const output = record(node.raw['output']);
    const lost: ReportReason[] = [];
    if (!output) return { lost };
    const textGroups: string[][] = [];
    let option: Json | undefined;
    let image: Json | undefined;
    const readTexts = (values: unknown[], policy: unknown): void => {
      const texts: string[] = [];
      for (const value of values) {
        const written = (text(value) ?? text(record(value)?.['text']))?.trim();
        if (!written) continue;
        const problem = textProblem(written);
        if (problem) lost.push(problem);
        else texts.push(written);
      }
      if (texts.length === 0) return;
      if (policy === 'multiline') textGroups.push([texts.join('\n')]);
      else {
        if (policy === 'sequential' && texts.length > 1) lost.push({ code: 'sequential_texts', params: { count: texts.length } });
        textGroups.push(texts);
      }
    };
    const generic = list(output['generic']);
    if (generic.length > 0) {
      for (const rawResponse of generic) {
        const response = record(rawResponse);
        const type = text(response?.['response_type']) ?? 'unknown';
        if (!response) continue;
        if (list(response['channels']).length > 0) lost.push({ code: 'channel_response', params: { type } });
        if (type === 'text') readTexts(list(response['values']), response['selection_policy']);
        else if (type === 'option' && option === undefined) option = response;
        else if (type === 'image' && image === undefined) image = response;
        else if (type === 'pause') lost.push({ code: 'pause', params: { ms: String(response['time'] ?? '?') } });
        else lost.push({ code: type === 'option' || type === 'image' ? 'response_after_first' : 'response_kind', params: { type } });
      }
    } else {
      const legacy = output['text'];
      if (typeof legacy === 'string') readTexts([legacy], undefined);
      else if (record(legacy)) readTexts(list(record(legacy)?.['values']), record(legacy)?.['selection_policy']);
    }
    // Our answer is one message of one kind: the first text's variations, later texts appended.
    const [first = [], ...rest] = textGroups;
    const tail = rest.map((group) => group[0] ?? '').filter((value) => value !== '');
    if (rest.some((group) => group.length > 1)) lost.push({ code: 'second_text_variations' });
    let texts = first.length > 0 ? first.map((value) => [value, ...tail].join('\n\n')) : tail.length > 0 ? [tail.join('\n\n')] : [];
    /** A text our answers can carry as written, or undefined (its problem reported, as for texts). */
    const carried = (value: string | undefined): string | undefined => {
      if (!value) return undefined;
      const problem = textProblem(value);
      if (problem) lost.push(problem);
      return problem ? undefined : value;
    };
    if (option) {
      const buttons: Button[] = [];
      for (const rawChoice of list(option['options'])) {
        const choice = record(rawChoice);
        const label = carried(text(choice?.['label'])?.trim());
        const value = carried(text(record(record(choice?.['value'])?.['input'])?.['text'])?.trim()) || label;
        if (label && value) buttons.push({ title: label, payload: value });
      }
      const title = carried(text(option['title'])?.trim() || text(option['description'])?.trim());
      if (title) texts = texts.length > 0 ? texts.map((value) => `${value}\n\n${title}`) : [title];
      if (image) lost.push({ code: 'image_beside_options' });
      if (buttons.length > 0 && texts.length > 0) return { skill: { fallback: false, kind: 'buttons', texts, buttons }, lost };
      lost.push({ code: 'options_without_text' });
    }
    if (image) {
      const source = text(image['source'])?.trim() ?? '';
      if (/^https?:\/\//i.test(source)) {
        // The image's title is its caption: the text's last line, or the text when there is none.
        const caption = carried(text(image['title'])?.trim());
        if (caption) texts = texts.length > 0 ? texts.map((value) => `${value}\n\n${caption}`) : [caption];
        return { skill: { fallback: false, kind: 'image', texts, image: source }, lost };
      }
      lost.push({ code: 'image_not_url', params: { source } });
    }
    if (texts.length === 0) return { lost };
    return { skill: { fallback: false, kind: 'text', texts }, lost };
  }

  /** A level's nodes, with folders opened where their nodes behave as this level's. */
  private levelNodes(nodes: WatsonNode[]): WatsonNode[] {
    return nodes.flatMap((node) => {
      if (node.type !== 'folder') return [node];
      if (node.raw['disabled'] === true) {
        this.skipped(this.describe(node), 'node_disabled');
        this.skipAll(this.children.get(node.id) ?? [], { code: 'under_disabled', params: { node: node.id } });
        return [];
      }
      if (node.conditions !== '' && node.conditions !== 'true') {
        this.skipAll(this.children.get(node.id) ?? [], { code: 'inside_folder', params: { folder: node.title ?? node.id, condition: node.conditions } });
        this.skipped(this.describe(node), 'folder_condition', { condition: node.conditions });
        return [];
      }
      return this.levelNodes(this.children.get(node.id) ?? []);
    });
  }

  private skipAll(nodes: WatsonNode[], reason: ReportReason): void {
    for (const node of nodes) {
      // The node whose text its parent answers with (a welcome or anything_else node's) was used.
      if (this.unconditionalAnswers.has(node.id)) this.kept(this.describe(node), 'parent_answer', { skill: this.skillOfNode.get(node.id) ?? '' });
      else this.skippedFor(this.describe(node), reason);
      this.skipAll(this.children.get(node.id) ?? [], reason);
    }
  }

  /** The intents a condition means, when it means only intents (`#a`, `#a || #b`). */
  private intentsOf(conditions: string): string[] | undefined {
    const parts = conditions.split('||').map((part) => part.trim());
    if (!parts.every((part) => /^#[\p{L}\p{N}_.-]+$/u.test(part))) return undefined;
    return parts.map((part) => part.slice(1));
  }

  private readLevel(nodes: WatsonNode[], parent: { node: WatsonNode; dialogue: Dialogue } | undefined): void {
    for (const node of this.levelNodes(nodes)) {
      const item = this.describe(node);
      const children = this.children.get(node.id) ?? [];
      if (node.raw['disabled'] === true) {
        this.skipped(item, 'node_disabled');
        this.skipAll(children, { code: 'under_disabled', params: { node: node.id } });
        continue;
      }
      if (['frame', 'slot', 'event_handler'].includes(node.type) || children.some((child) => child.type === 'slot')) {
        this.skipped(item, 'slot_filling');
        this.skipAll(children, { code: 'slot_filling_part', params: { node: node.id } });
        continue;
      }
      if (node.type === 'response_condition') {
        if (this.unconditionalAnswers.has(node.id)) this.kept(item, 'parent_answer', { skill: this.skillOfNode.get(node.id) ?? '' });
        else this.skipped(item, 'conditional_answer', { condition: node.conditions });
        continue;
      }
      if (node.conditions === 'welcome' || node.conditions === 'conversation_start') {
        this.readGreeting(node, parent !== undefined);
        this.skipAll(children, { code: 'under_special_node', params: { condition: node.conditions } });
        continue;
      }
      if (node.conditions === 'anything_else') {
        this.readFallback(node, parent !== undefined);
        this.skipAll(children, { code: 'under_special_node', params: { condition: 'anything_else' } });
        continue;
      }
      const dialogue = this.readDialogue(node, parent);
      if (!dialogue) {
        this.skipAll(children, { code: 'under_skipped_node', params: { node: node.id } });
        continue;
      }
      this.readLevel(children, { node, dialogue });
    }
  }

  private readGreeting(node: WatsonNode, isChild: boolean): void {
    const answer = isChild ? undefined : this.specialNodeAnswer(node);
    const skill = answer?.skill;
    const item = this.describe(node);
    if (isChild || !skill || this.greeting) {
      this.skipped(item, isChild ? 'welcome_nested' : skill ? 'welcome_second' : 'welcome_empty');
      return;
    }
    this.useAnswerNodes(answer?.used ?? []);
    this.greeting = skill;
    // Watson says it when a conversation opens: the assistant's greeting (the web chat sends it then).
    const text = this.file.content.skills.find((candidate) => candidate.name === skill)?.texts[0]?.trim();
    if (text) this.file.settings = { ...this.file.settings, greeting: Array.from(text).slice(0, MAX_GREETING_LENGTH).join('') };
    this.kept(item, 'welcome_kept', { skill });
  }

  /**
   * The answer of a welcome or anything_else node: its own output, else its answer without a
   * condition, else — when it goes on without waiting for the user (`skip_user_input`, as Watson's
   * own samples have it) — the answer of its first child whose condition always holds.
   */
  private specialNodeAnswer(node: WatsonNode, used: string[] = []): { skill: string; used: string[] } | undefined {
    const own = this.skillOfNode.get(node.id);
    if (own !== undefined) return { skill: own, used };
    const child = this.unconditionalChild(node);
    if (child !== undefined) return { skill: this.skillOfNode.get(child.id) as string, used: [...used, child.id] };
    if (record(node.raw['next_step'])?.['behavior'] !== 'skip_user_input') return undefined;
    const next = (this.children.get(node.id) ?? []).find(
      (candidate) => candidate.type !== 'response_condition' && candidate.raw['disabled'] !== true && ['', 'true', 'anything_else'].includes(candidate.conditions),
    );
    return next === undefined || used.includes(next.id) ? undefined : this.specialNodeAnswer(next, [...used, next.id]);
  }

  /** The nodes whose answer a kept welcome or anything_else node uses: reported as their parent's answer. */
  private useAnswerNodes(ids: readonly string[]): void {
    for (const id of ids) this.unconditionalAnswers.add(id);
  }

  private readFallback(node: WatsonNode, isChild: boolean): void {
    const answer = isChild ? undefined : this.specialNodeAnswer(node);
    const skillName = answer?.skill;
    const skill = this.file.content.skills.find((candidate) => candidate.name === skillName);
    const item = this.describe(node);
    if (isChild) {
      this.skipped(item, 'anything_else_nested');
      return;
    }
    if (!skill || skill.kind === 'image' || this.file.content.skills.some((candidate) => candidate.fallback)) {
      this.skipped(item, skill ? (skill.kind === 'image' ? 'fallback_image' : 'anything_else_second') : 'node_no_text');
      return;
    }
    skill.fallback = true;
    this.useAnswerNodes(answer?.used ?? []);
    this.kept(item, 'fallback_kept', { skill: skill.name });
  }

  private readDialogue(node: WatsonNode, parent: { node: WatsonNode; dialogue: Dialogue } | undefined): Dialogue | undefined {
    const item = this.describe(node);
    let intents = this.intentsOf(node.conditions);
    if (!intents && parent) intents = this.optionIntent(node, parent);
    if (!intents) {
      this.skipped(item, node.conditions === '' ? 'node_no_condition' : 'condition_not_intents', node.conditions === '' ? undefined : { condition: node.conditions });
      return undefined;
    }
    const mapped = intents.map((intent) => this.intentNames.get(intent) ?? intent);
    const missing = mapped.filter((intent) => !this.file.content.intents.some((candidate) => candidate.name === intent));
    if (missing.length > 0) {
      const names = missing.map((intent) => `"${intent}"`).join(', ');
      this.skipped(item, 'intents_not_imported', { intents: names }, `intent${plural(missing.length)} ${names} not in the import`);
      return undefined;
    }
    const skill = this.skillOfNode.get(node.id) ?? this.unconditionalAnswer(node) ?? this.jumpSkill(node);
    if (!skill) {
      this.skipped(item, 'node_answers_nothing');
      return undefined;
    }
    const followUpOf = parent?.dialogue.name;
    // Watson tries the nodes of a level top to bottom and the first whose condition holds answers:
    // an intent a node before this one answers is left out of it, and it answers the others.
    const earlierOf = (intent: string) => this.file.content.dialogues.find((other) => other.followUpOf === followUpOf && other.intents.includes(intent));
    const answered = new Map<Dialogue, string[]>();
    const own: number[] = [];
    mapped.forEach((intent, index) => {
      const earlier = earlierOf(intent);
      if (earlier) answered.set(earlier, [...(answered.get(earlier) ?? []), intents[index] ?? intent]);
      else own.push(index);
    });
    if (own.length === 0) {
      const [earlier] = answered.keys();
      this.skipped(item, 'intent_answered_earlier', { dialogue: earlier?.name ?? '' });
      return undefined;
    }
    for (const [earlier, taken] of answered) {
      this.skipped(item, 'node_intents_answered_earlier', { intents: taken.map((intent) => `#${intent}`).join(', '), dialogue: earlier.name });
    }
    const dialogue: Dialogue = { name: this.uniqueName(node.title ?? node.id, this.dialogueNames), intents: own.map((index) => mapped[index] as string), skill, ...(followUpOf ? { followUpOf } : {}) };
    this.file.content.dialogues.push(dialogue);
    this.dialogueOfNode.set(node.id, dialogue);
    const on = own.map((index) => `#${intents[index]}`);
    const params = { dialogue: dialogue.name, intents: on.join(', '), skill, ...(followUpOf ? { parent: followUpOf } : {}) };
    this.kept(item, followUpOf ? 'follow_up_kept' : 'dialogue_kept', params, `dialogue "${dialogue.name}" on ${on.join(' or ')} answered by skill "${skill}"${followUpOf ? `, a follow-up of "${followUpOf}"` : ''}`);
    return dialogue;
  }

  /** A node that answers through conditional responses: the one without a condition is its answer. */
  private unconditionalAnswer(node: WatsonNode): string | undefined {
    const answer = this.unconditionalChild(node);
    if (!answer) return undefined;
    this.unconditionalAnswers.add(answer.id);
    return this.skillOfNode.get(answer.id);
  }

  private unconditionalChild(node: WatsonNode): WatsonNode | undefined {
    return (this.children.get(node.id) ?? []).find(
      (child) => child.type === 'response_condition' && ['', 'true', 'anything_else'].includes(child.conditions) && this.skillOfNode.has(child.id),
    );
  }

  /** A node without output that jumps to one with output answers with the target's skill. */
  private jumpSkill(node: WatsonNode): string | undefined {
    const next = record(node.raw['next_step']);
    if (next?.['behavior'] !== 'jump_to' || next['selector'] === 'user_input') return undefined;
    const target = text(next['dialog_node']);
    return target === undefined ? undefined : this.skillOfNode.get(target);
  }

  /**
   * A child on `@entity:value` that answers an option of its parent: the option's button gets an
   * intent of its own (`/intent` payload, its label and value as phrases), which the follow-up answers.
   */
  private optionIntent(node: WatsonNode, parent: { node: WatsonNode; dialogue: Dialogue }): string[] | undefined {
    const match = /^@([\p{L}\p{N}_.-]+):\(?([^()&|]+?)\)?$/u.exec(node.conditions);
    const skill = this.file.content.skills.find((candidate) => candidate.name === parent.dialogue.skill);
    if (!match || !skill?.buttons) return undefined;
    const [, entity = '', value = ''] = match;
    const context = this.file.content.contexts.find((candidate) => candidate.name === entity);
    const entry = context?.type === 'text' ? context.values.find((candidate) => candidate.value.toLowerCase() === value.toLowerCase()) : undefined;
    const words = new Set([value, ...(entry?.synonyms ?? [])].map((word) => word.toLowerCase()));
    const buttons = skill.buttons.filter((button) => words.has(button.payload.toLowerCase()) || words.has(button.title.toLowerCase()));
    if (buttons.length === 0) return undefined;
    const taken = new Set(this.file.content.intents.map((intent) => intent.name));
    const name = validSymbolName(`${parent.dialogue.name}_${value}`.toLowerCase(), taken);
    const phrases = [...new Set(buttons.flatMap((button) => [button.title, button.payload]))].map((phrase) => ({ text: phrase }));
    this.file.content.intents.push({ name, phrases });
    this.intentNames.set(name, name);
    for (const button of buttons) button.payload = `/${name}`;
    return [name];
  }

  /**
   * `jump_to` with the `user_input` selector waits for the next message and then tries the target:
   * the target becomes a follow-up of the jumping node's dialogue. Jumps that answer twice to one
   * message (selectors `body` and `condition` from a node that answers itself) have no equivalent.
   */
  private readJump(node: WatsonNode): void {
    const next = record(node.raw['next_step']);
    if (!next || next['behavior'] !== 'jump_to') {
      if (next?.['behavior'] === 'skip_user_input') this.skipped(this.describe(node, 'node_next_step'), 'skip_user_input');
      return;
    }
    const source = this.dialogueOfNode.get(node.id);
    const targetId = text(next['dialog_node']);
    const target = targetId === undefined ? undefined : this.dialogueOfNode.get(targetId);
    const item = this.describe(node, 'node_jump', { target: targetId ?? '?' });
    if (!source) return;
    if (!target) {
      // A node without output answers with the target's skill even where the target node (on a
      // condition that is not intents) became no dialogue itself.
      const targetSkill = targetId === undefined ? undefined : this.skillOfNode.get(targetId);
      if (next['selector'] !== 'user_input' && targetSkill !== undefined && source.skill === targetSkill && !this.skillOfNode.has(node.id)) {
        this.kept(item, 'jump_target_skill', { skill: targetSkill });
      } else this.skipped(item, 'jump_target_skipped');
      return;
    }
    if (next['selector'] !== 'user_input') {
      if (source.skill === target.skill && !this.skillOfNode.has(node.id)) this.kept(item, 'jump_target_skill', { skill: target.skill });
      else this.skipped(item, 'jump_answers_twice', { selector: String(next['selector'] ?? 'condition') });
      return;
    }
    if (target.followUpOf === undefined) {
      this.kept(item, 'jump_any_time', { dialogue: target.name });
      return;
    }
    const clash = this.file.content.dialogues.find((other) => other.followUpOf === source.name && other.intents.some((intent) => target.intents.includes(intent)));
    if (clash) {
      this.skipped(item, 'jump_clash', { dialogue: clash.name, after: source.name });
      return;
    }
    const copy: Dialogue = { ...target, name: this.uniqueName(`${target.name} (after ${source.name})`, this.dialogueNames), followUpOf: source.name };
    this.file.content.dialogues.push(copy);
    this.kept(item, 'jump_follow_up', { dialogue: copy.name, parent: source.name });
  }

  finish(top: Json): void {
    const counterexamples = list(top['counterexamples']).length;
    if (counterexamples > 0) this.skipped(['counterexamples'], 'counterexamples', { count: counterexamples });
    for (const webhook of list(top['webhooks'])) this.skipped(['webhook', { name: text(record(webhook)?.['name']) ?? '?' }], 'webhook');
    const system = record(top['system_settings']);
    const settings = ['disambiguation', 'human_agent_assist', 'off_topic']
      .filter((key) => { const value = system?.[key]; return value === true || record(value)?.['enabled'] === true; })
      .map((key) => key.replace(/_/g, ' '));
    if (settings.length > 0) this.skipped(['system_settings'], 'settings_not_carried', { settings: settings.join(', ') });
    dropUnsoundItems(this.file.content, this.report);
  }
}

/** A node's fields that Watson types as strings, and that the import reads. */
const NODE_TEXT_FIELDS = ['title', 'parent', 'previous_sibling', 'conditions', 'type'] as const;

export type WatsonImportResult = { ok: true; file: AssistantFile; report: ImportReport } | { ok: false; message: string };

export function readWatsonWorkspace(workspace: unknown, fileName = 'the workspace'): WatsonImportResult {
  const top = record(workspace);
  if (!top || !isWatsonWorkspace(top)) return { ok: false, message: `${fileName} is not a Watson Assistant workspace (a JSON object with "intents" and "dialog_nodes")` };
  const watson = new WatsonImport();
  const language = LANGUAGES[(text(top['language']) ?? '').toLowerCase()];
  const name = text(top['name'])?.trim();
  watson.file.assistant = { ...(language ? { language } : {}), ...(name ? { name } : {}) };
  watson.readIntents(list(top['intents']));
  watson.readEntities(list(top['entities']));
  watson.readNodes(list(top['dialog_nodes']));
  watson.finish(top);
  return { ok: true, file: watson.file, report: watson.report };
}
