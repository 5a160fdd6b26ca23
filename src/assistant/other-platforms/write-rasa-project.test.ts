import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from '../file/assistant-file.js';
import { demoAssistantFiles } from '../demo-files.js';
import { parsePhraseMarkup } from '../file/phrase-markup.js';
import { readRasaProject } from './read-rasa-project.js';
import { writeRasaProject } from './write-rasa-project.js';

type Json = Record<string, unknown>;

/** What `rasa data validate` checks of a project's shape, as problems. */
function validationProblems(files: Array<{ path: string; text: string }>): string[] {
  const read = (path: string) => parse(files.find((file) => file.path === path)?.text ?? '') as Json;
  const domain = read('domain.yml');
  const intents = new Set(domain['intents'] as string[]);
  const entities = new Set(domain['entities'] as string[]);
  const responses = (domain['responses'] ?? {}) as Record<string, Json[]>;
  const actions = new Set((domain['actions'] ?? []) as string[]);
  const problems: string[] = [];
  if (domain['version'] !== '3.1') problems.push('domain version');
  for (const item of (read('data/nlu.yml')['nlu'] ?? []) as Json[]) {
    if (item['intent'] === undefined) continue;
    if (!intents.has(item['intent'] as string)) problems.push(`nlu intent ${String(item['intent'])} not in the domain`);
    for (const line of String(item['examples']).split('\n').filter((example) => example.startsWith('- '))) {
      for (const entity of parsePhraseMarkup(line.slice(2)).entities) if (!entities.has(entity.entity)) problems.push(`entity ${entity.entity} not in the domain`);
    }
  }
  const stepsOf = (path: string, key: string) => ((read(path)[key] ?? []) as Json[]).flatMap((item) => item['steps'] as Json[]);
  for (const step of [...stepsOf('data/rules.yml', 'rules'), ...stepsOf('data/stories.yml', 'stories')]) {
    const stepIntents = step['or'] ? (step['or'] as Json[]).map((choice) => choice['intent']) : step['intent'] === undefined ? [] : [step['intent']];
    for (const intent of stepIntents) if (intent !== 'nlu_fallback' && !intents.has(intent as string)) problems.push(`step intent ${String(intent)} not in the domain`);
    if (step['action'] !== undefined && !(String(step['action']) in responses) && !actions.has(String(step['action']))) problems.push(`action ${String(step['action'])} not in the domain`);
  }
  for (const [name, slot] of Object.entries((domain['slots'] ?? {}) as Record<string, Json>)) {
    const mappings = slot['mappings'] as Json[] | undefined;
    if (!mappings?.length) problems.push(`slot ${name} has no mappings`);
    for (const mapping of mappings ?? []) if (mapping['type'] === 'from_entity' && !entities.has(mapping['entity'] as string)) problems.push(`slot ${name} maps a missing entity`);
  }
  for (const [name, variations] of Object.entries(responses)) {
    if (!name.startsWith('utter_')) problems.push(`response ${name} is not utter_`);
    for (const variation of variations) if (!variation['text'] && !variation['image'] && !variation['custom']) problems.push(`response ${name} has an empty variation`);
  }
  for (const action of actions) if (action.startsWith('utter_') || action in responses) problems.push(`action ${action} is a response`);
  return problems;
}

describe('export to a Rasa project', () => {
  it('writes the demo assistant as a project rasa data validate accepts in shape, and reads back to the same intents and dialogues', async () => {
    const [demo] = demoAssistantFiles();
    const parsed = parseAssistantFile(await readFile(demo!.path, 'utf8'));
    if (!parsed.ok) throw new Error('demo file');
    const { content } = parsed.file;
    const project = writeRasaProject(content, { accuracyThreshold: 0.3 }, 'pt');
    expect(project.files.map((file) => file.path)).toEqual(['config.yml', 'domain.yml', 'data/nlu.yml', 'data/rules.yml', 'data/stories.yml']);
    expect(validationProblems(project.files)).toEqual([]);
    // The demo's contexts have values: Rasa extracts them from the lookup tables, as our NLU does.
    const config = parse(project.files.find((file) => file.path === 'config.yml')?.text ?? '') as { pipeline: Array<{ name: string }> };
    expect(config.pipeline.map((component) => component.name)).toContain('RegexEntityExtractor');
    // The slot filling of "registrar chamado" has no place in a response: it is said so.
    expect(project.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^dialogue "chamado": slot filling exported as its final answer only/)]));
    expect(project.files.find((file) => file.path === 'domain.yml')?.text).toMatch(/^# Exported by Helper\. Not carried over:\n# /);

    const back = readRasaProject(project.files);
    if (!back.ok) throw new Error(back.errors.map((error) => error.message).join('\n'));
    expect(back.file.settings).toEqual({ accuracyThreshold: 0.3 });
    expect(back.file.content.intents.map((intent) => [intent.name, intent.phrases.length])).toEqual(content.intents.map((intent) => [intent.name, intent.phrases.length]));
    const annotated = (text: string) => back.file.content.intents.flatMap((intent) => intent.phrases).find((phrase) => phrase.text === text);
    expect(annotated('a impressora parou')?.entities).toEqual(content.intents.flatMap((intent) => intent.phrases).find((phrase) => phrase.text === 'a impressora parou')?.entities);
    // Every dialogue comes back (follow-ups as stories), answered by the same texts (Rasa does not
    // format slots: `{data:date}` is written `{data}`); the fallback too.
    const unformatted = (text: string | undefined) => text?.replace(/\{([^}:]+):[^}]+\}/g, '{$1}');
    const answers = (of: typeof content) =>
      of.dialogues.map((dialogue) => [dialogue.intents.join(','), unformatted(of.skills.find((skill) => skill.name === dialogue.skill)?.texts[0]), dialogue.followUpOf === undefined]).sort();
    expect(answers(back.file.content)).toEqual(answers(content));
    expect(back.file.content.skills.find((skill) => skill.fallback)?.texts).toEqual(content.skills.find((skill) => skill.fallback)?.texts);
  });

  it('writes intents with "/" (Rasa would read retrieval intents) as "_", in the NLU data, the domain, the rules and button payloads', () => {
    const content = {
      themes: [],
      contexts: [],
      regexes: [],
      intents: [
        { name: 'faq/horario', phrases: [{ text: 'que horas abre' }, { text: 'horário de atendimento' }] },
        { name: 'faq/endereco', phrases: [{ text: 'onde fica' }, { text: 'qual o endereço' }] },
        { name: 'faq_horario', phrases: [{ text: 'expediente' }, { text: 'funciona sábado' }] },
      ],
      skills: [
        { name: 'horario', fallback: false, kind: 'buttons' as const, texts: ['Das 8h às 18h.'], buttons: [{ title: 'Endereço', payload: '/faq/endereco' }] },
        { name: 'endereco', fallback: false, kind: 'text' as const, texts: ['Rua A, 1.'] },
      ],
      dialogues: [
        { name: 'horario', intents: ['faq/horario', 'faq_horario'], skill: 'horario' },
        { name: 'endereco', intents: ['faq/endereco'], skill: 'endereco' },
      ],
    };
    const project = writeRasaProject(content, { accuracyThreshold: 0.3 }, 'pt');
    // (The domain's header comment names them as they were.)
    const all = project.files.flatMap((file) => file.text.split('\n').filter((line) => !line.startsWith('#'))).join('\n');
    expect(all).not.toMatch(/faq\/(horario|endereco)/);
    expect(validationProblems(project.files)).toEqual([]);
    const domain = parse(project.files.find((file) => file.path === 'domain.yml')?.text ?? '') as Json;
    expect(domain['intents']).toEqual(['faq_horario_2', 'faq_endereco', 'faq_horario']);
    expect(all).toContain('payload: /faq_endereco');
    expect(project.notes).toEqual(expect.arrayContaining(['intent "faq/horario": exported as "faq_horario_2" (a "/" makes a Rasa retrieval intent)']));
  });

  it('writes skills that call an action server or a third-party API as custom actions declared in the domain, not as empty responses', () => {
    const content = {
      themes: [],
      contexts: [],
      regexes: [],
      intents: [
        { name: 'pedido', phrases: [{ text: 'onde está meu pedido' }, { text: 'rastrear pedido' }] },
        { name: 'chamado', phrases: [{ text: 'abrir chamado' }, { text: 'registrar um chamado' }] },
        { name: 'saldo', phrases: [{ text: 'meu saldo' }, { text: 'quanto tenho' }] },
      ],
      skills: [
        { name: 'rastrear', fallback: false, kind: 'action' as const, texts: [], action: 'action_check_order' },
        { name: 'saldo', fallback: false, kind: 'action' as const, texts: ['O sistema de saldo não responde agora.'], action: 'action_balance' },
        { name: 'Abrir chamado', fallback: false, kind: 'custom' as const, texts: ['Chamado {numero} aberto.'], custom: { api: 'fourbiz_abrir' } },
      ],
      dialogues: [
        { name: 'rastrear', intents: ['pedido'], skill: 'rastrear' },
        { name: 'saldo', intents: ['saldo'], skill: 'saldo' },
        { name: 'chamado', intents: ['chamado'], skill: 'Abrir chamado' },
      ],
    };
    const project = writeRasaProject(content, { accuracyThreshold: 0.3, actionEndpointUrl: 'http://actions.internal:5055/webhook' }, 'pt');
    expect(validationProblems(project.files)).toEqual([]);
    const read = (path: string) => parse(project.files.find((file) => file.path === path)?.text ?? '') as Json;
    const domain = read('domain.yml');
    expect(domain['actions']).toEqual(['action_check_order', 'action_balance', 'action_abrir_chamado']);
    // The texts are kept as responses an action may utter; a skill without texts has none.
    expect(domain['responses']).toEqual({ utter_saldo: [{ text: 'O sistema de saldo não responde agora.' }], utter_abrir_chamado: [{ text: 'Chamado {numero} aberto.' }] });
    expect((read('data/rules.yml')['rules'] as Json[]).map((rule) => rule['steps'])).toEqual([
      [{ intent: 'pedido' }, { action: 'action_check_order' }],
      [{ intent: 'saldo' }, { action: 'action_balance' }],
      [{ intent: 'chamado' }, { action: 'action_abrir_chamado' }],
    ]);
    expect(read('endpoints.yml')).toEqual({ action_endpoint: { url: 'http://actions.internal:5055/webhook' } });
    expect(project.notes).toEqual(
      expect.arrayContaining([
        'skill "saldo": its texts, said when the action server fails, are response "utter_saldo", which Rasa does not utter by itself',
        'skill "Abrir chamado": calls third-party API "fourbiz_abrir", which Rasa cannot call: exported as custom action "action_abrir_chamado", to write for an action server; its texts are response "utter_abrir_chamado", which Rasa does not utter by itself',
      ]),
    );
    // Without an action server, no endpoints.yml, and a note says so.
    const withoutServer = writeRasaProject(content, { accuracyThreshold: 0.3 }, 'pt');
    expect(withoutServer.files.map((file) => file.path)).not.toContain('endpoints.yml');
    expect(withoutServer.notes).toContain('skill "rastrear": custom action "action_check_order" needs an action server; the assistant has none, so endpoints.yml was not written');
    // An empty address is none.
    expect(writeRasaProject(content, { accuracyThreshold: 0.3, actionEndpointUrl: '' }, 'pt').notes).toEqual(withoutServer.notes);
  });

  it("declares a dialogue validated by validate_<dialogue> as Rasa's form, and reads the validation back as the action skill", () => {
    const content = {
      themes: [],
      contexts: [{ name: 'cpf', type: 'text' as const, values: [] }],
      regexes: [],
      intents: [{ name: 'cadastrar', phrases: [{ text: 'quero me cadastrar' }, { text: 'fazer cadastro' }] }],
      skills: [
        { name: 'perguntar_cpf', fallback: false, kind: 'text' as const, texts: ['Qual o seu CPF?'] },
        { name: 'feito', fallback: false, kind: 'text' as const, texts: ['Feito.'] },
        { name: 'validar', fallback: false, kind: 'action' as const, texts: [], action: 'validate_cadastro' },
      ],
      dialogues: [{ name: 'cadastro', intents: ['cadastrar'], skill: 'feito', slots: [{ context: 'cpf', question: 'perguntar_cpf' }] }],
    };
    const project = writeRasaProject(content, { accuracyThreshold: 0.3, actionEndpointUrl: 'http://actions.internal:5055/webhook' }, 'pt');
    expect(validationProblems(project.files)).toEqual([]);
    const domain = parse(project.files.find((file) => file.path === 'domain.yml')?.text ?? '') as Json;
    expect(domain['actions']).toEqual(['validate_cadastro']);
    expect(domain['forms']).toEqual({ cadastro: { required_slots: ['cpf'] } });
    expect(project.notes).toContain('dialogue "cadastro": declared as form "cadastro" (its contexts as required slots), which custom action "validate_cadastro" validates');
    const back = readRasaProject(project.files);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.file.content.skills.find((skill) => skill.kind === 'action')).toEqual({ name: 'validate_cadastro', fallback: false, kind: 'action', action: 'validate_cadastro', texts: [] });
    expect(back.file.report?.lines.filter((line) => line.itemCode === 'action').map(({ outcome, code, params }) => ({ outcome, code, params }))).toEqual([
      { outcome: 'kept', code: 'form_validation_kept', params: { name: 'validate_cadastro', form: 'cadastro' } },
    ]);
  });
});
