import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAssistantFile } from './file/assistant-file.js';
import type { AssistantContent, Dialogue, Skill } from './content.js';
import { demoAssistantFiles } from './demo-files.js';
import { formatFileErrors } from './file/format-file-errors.js';

function load(language: 'pt' | 'en') {
  const demo = demoAssistantFiles().find((candidate) => candidate.language === language);
  if (!demo) throw new Error(`no ${language} demo`);
  const result = parseAssistantFile(readFileSync(demo.path, 'utf8'), demo.path);
  if (!result.ok) throw new Error(formatFileErrors(result.errors, demo.path).join('\n'));
  return result;
}

/** The main (not follow-up) dialogue that answers the intent holding `phrase`, and its skill. */
function answerTo(content: AssistantContent, phrase: string): { dialogue: Dialogue; skill: Skill } {
  const intent = content.intents.find((candidate) => candidate.phrases.some((p) => p.text === phrase));
  if (!intent) throw new Error(`no intent has the phrase "${phrase}"`);
  const dialogue = content.dialogues.find((candidate) => candidate.followUpOf === undefined && candidate.intents.includes(intent.name));
  const skill = content.skills.find((candidate) => candidate.name === dialogue?.skill);
  if (!dialogue || !skill) throw new Error(`nothing answers intent ${intent.name}`);
  return { dialogue, skill };
}

function followUp(content: AssistantContent, of: string, intent: string): Skill | undefined {
  const dialogue = content.dialogues.find((candidate) => candidate.followUpOf === of && candidate.intents.includes(intent));
  return content.skills.find((candidate) => candidate.name === dialogue?.skill);
}

const LANGUAGES = {
  pt: {
    about: { phrase: 'conte-me algumas coisas sobre você', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' },
    rating: { phrase: 'quero avaliar o atendimento', text: 'Você poderia avaliar o meu atendimento?', buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }] },
    yes: { intent: 'sim', phrases: ['sim', 's', 'claro'] },
    no: { intent: 'nao', phrases: ['não', 'nao', 'n'] },
    thanks: /obrigad/i,
    goodbye: 'tchau',
    image: 'me mostra uma imagem',
    fallback: 'Desculpe, não entendi. Digite menu para ver o que posso fazer ou reformule sua pergunta.',
    serviceDesk: ['esqueci minha senha', 'a impressora não imprime', 'quero abrir um chamado', 'a vpn não conecta', 'estou sem internet', 'qual o horário de atendimento?', 'quem é você?', 'menu', 'quero falar com um atendente'],
    name: { context: 'nome', phrase: 'me chamo Ana' },
    equipment: 'equipamento',
  },
  en: {
    about: { phrase: 'tell me some things about you', text: 'I can help you work smarter, not harder' },
    rating: { phrase: 'I want to rate the service', text: 'Could you rate my service?', buttons: [{ title: 'Yes', payload: 'yes' }, { title: 'No', payload: 'no' }] },
    yes: { intent: 'yes', phrases: ['yes', 'y', 'sure'] },
    no: { intent: 'no', phrases: ['no', 'n', 'nope'] },
    thanks: /thank/i,
    goodbye: 'bye',
    image: 'show me an image',
    fallback: "Sorry, I didn't understand. Type menu to see what I can do or rephrase your question.",
    serviceDesk: ['I forgot my password', 'the printer is not printing', 'I want to open a ticket', "the vpn won't connect", 'I have no internet', 'what are your office hours?', 'who are you?', 'menu', 'I want to talk to an agent'],
    name: { context: 'name', phrase: "I'm Anna" },
    equipment: 'device',
  },
} as const;

describe('demoAssistantFiles', () => {
  it('finds both files from the sources', () => {
    const files = demoAssistantFiles();
    expect(files.map((file) => file.language)).toEqual(['pt', 'en']);
    for (const file of files) expect(existsSync(file.path)).toBe(true);
  });

  it('finds them from the compiled module too, where tsc copied no YAML', () => {
    const compiled = new URL('../../dist/assistant/demo-files.js', import.meta.url).href;
    const here = fileURLToPath(new URL('./demo/', import.meta.url));
    expect(demoAssistantFiles(compiled).map((file) => file.path)).toEqual([`${here}pt.yaml`, `${here}en.yaml`]);
  });
});

describe.each(['pt', 'en'] as const)('the %s demo assistant', (language) => {
  const expected = LANGUAGES[language];

  it('parses without errors or warnings, with a 20 % threshold', () => {
    const result = load(language);
    expect(result.warnings).toEqual([]);
    expect(result.file.format).toBe('helper');
    expect(result.file.settings).toEqual({ accuracyThreshold: 0.2 });
    expect(result.file.assistant).toEqual({ server: 'demo', language, name: expect.any(String) });
  });

  it('has at least 14 intents of at least 10 different phrases each', () => {
    const { intents } = load(language).file.content;
    expect(intents.length).toBeGreaterThanOrEqual(14);
    for (const intent of intents) {
      expect(new Set(intent.phrases.map((phrase) => phrase.text.toLowerCase())).size, intent.name).toBeGreaterThanOrEqual(10);
    }
  });

  it('answers "about you" with the exact text of the documentation', () => {
    const { skill } = answerTo(load(language).file.content, expected.about.phrase);
    expect(skill.kind).toBe('text');
    expect(skill.texts).toEqual([expected.about.text]);
  });

  it('asks for a rating with the exact text and buttons, then thanks for yes and for no', () => {
    const { content } = load(language).file;
    const intents = new Map(content.intents.map((intent) => [intent.name, intent.phrases.map((phrase) => phrase.text)]));
    expect(intents.get(expected.yes.intent)).toEqual(expect.arrayContaining([...expected.yes.phrases]));
    expect(intents.get(expected.no.intent)).toEqual(expect.arrayContaining([...expected.no.phrases]));
    // Asked for, and also after a goodbye.
    for (const phrase of [expected.rating.phrase, expected.goodbye]) {
      const { dialogue, skill } = answerTo(content, phrase);
      expect(skill.kind).toBe('buttons');
      expect(skill.texts).toEqual([expected.rating.text]);
      expect(skill.buttons).toEqual(expected.rating.buttons);
      for (const intent of [expected.yes.intent, expected.no.intent]) {
        const thanks = followUp(content, dialogue.name, intent);
        expect(thanks?.kind, `${dialogue.name} → ${intent}`).toBe('text');
        expect(thanks?.texts.join(' ')).toMatch(expected.thanks);
      }
    }
  });

  it('answers with an image', () => {
    const { skill } = answerTo(load(language).file.content, expected.image);
    expect(skill.kind).toBe('image');
    expect(skill.image).toMatch(/^https:\/\//);
    expect(skill.texts.length).toBe(1);
  });

  it('has the service-desk intents, a skill with variations and one with a {name} slot', () => {
    const { content } = load(language).file;
    for (const phrase of expected.serviceDesk) expect(answerTo(content, phrase).skill.texts.length).toBeGreaterThan(0);
    expect(content.skills.some((skill) => skill.texts.length >= 2 && skill.texts.length <= 3)).toBe(true);
    const { skill } = answerTo(content, expected.name.phrase);
    expect([...skill.texts, ...(skill.variants ?? []).flatMap((variant) => variant.texts)].join(' ')).toContain(`{${expected.name.context}}`);
    expect(content.contexts.find((context) => context.name === expected.name.context)?.type).toBe('text');
  });

  it('has a context with synonyms that the phrases annotate', () => {
    const { content } = load(language).file;
    const equipment = content.contexts.find((context) => context.name === expected.equipment);
    expect(equipment?.type).toBe('text');
    if (equipment?.type !== 'text') return;
    expect(equipment.values.length).toBeGreaterThanOrEqual(2);
    expect(equipment.values.every((value) => value.synonyms.length > 0)).toBe(true);
    const annotated = content.intents.flatMap((intent) => intent.phrases.flatMap((phrase) => phrase.entities ?? []));
    expect(annotated.filter((entity) => entity.entity === expected.equipment).length).toBeGreaterThanOrEqual(10);
  });

  it('has one fallback skill that mentions the menu', () => {
    const fallbacks = load(language).file.content.skills.filter((skill) => skill.fallback);
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]?.texts).toEqual([expected.fallback]);
    expect(fallbacks[0]?.texts[0]).toContain('menu');
  });
});

describe('the example of README.md', () => {
  it('parses without errors or warnings', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const result = parseAssistantFile(example ?? '', 'README.md');
    expect(result.ok ? [] : formatFileErrors(result.errors, 'README.md')).toEqual([]);
    expect(result.warnings).toEqual([]);
  });
});
