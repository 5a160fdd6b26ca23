import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyContent } from '../../assistant/content.js';
import type { AssistantContent, Skill } from '../../assistant/content.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

/** Every context type and skill kind, optional keys both present and absent, lists out of alphabetical order. */
function sampleContent(): AssistantContent {
  return {
    themes: [{ name: 'vendas', description: 'Tudo sobre compras' }, { name: 'atendimento' }, { name: 'vazio', description: '' }],
    intents: [
      {
        name: 'saudacao',
        theme: 'atendimento',
        phrases: [{ text: 'olá' }, { text: 'bom dia!' }, { text: 'oi, tudo bem?', entities: [] }],
      },
      {
        name: 'comprar',
        theme: 'vendas',
        phrases: [
          { text: 'quero comprar uma pizza grande', entities: [{ start: 21, end: 26, entity: 'produto', value: 'pizza' }, { start: 27, end: 33, entity: 'tamanho', value: 'grande' }] },
          { text: 'me vê 2 refris', entities: [{ start: 6, end: 7, entity: 'quantidade', value: '2' }] },
        ],
      },
      { name: 'adeus', phrases: [] },
    ],
    contexts: [
      {
        name: 'produto',
        description: 'O que o cliente quer',
        type: 'text',
        values: [
          { value: 'pizza', synonyms: ['piza', 'pizzas'] },
          { value: 'refrigerante', synonyms: ['refri', 'refris', 'coca'] },
          { value: 'água', synonyms: [] },
        ],
      },
      { name: 'entrega', type: 'boolean' },
      { name: 'tamanho', type: 'categorical', values: ['pequena', 'média', 'grande'] },
      { name: 'quantidade', type: 'float', min: 1, max: 99.5 },
      { name: 'nota', type: 'float', description: 'sem limites' },
      { name: 'desconto', type: 'float', min: -0.5 },
      { name: 'endereco', type: 'text', values: [], lifetime: 'dialogue' },
      { name: 'data_entrega', description: 'quando entregar', type: 'text', values: [], entity: 'date', lifetime: 'session' },
    ],
    regexes: [
      { name: 'cpf', pattern: '\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}' },
      { name: 'cep', pattern: '\\d{5}-?\\d{3}' },
      { name: 'cpf', pattern: '\\d{11}' },
    ],
    skills: [
      {
        name: 'responder_saudacao',
        theme: 'atendimento',
        fallback: false,
        kind: 'text',
        texts: ['Olá, {nome}!', 'Oi! Em que posso ajudar?'],
        preset: { context: { name: 'produto', value: 'pizza' }, dialogue: 'pedido' },
        variants: [
          { when: [{ context: 'quantidade', operator: 'atLeast', value: 10 }, { context: 'entrega', operator: 'set' }], texts: ['Um pedido grande!'] },
          { when: [{ context: 'tamanho', operator: 'oneOf', value: ['média', 'grande'] }], texts: ['Boa escolha.', 'Ótimo.'] },
        ],
      },
      {
        name: 'oferecer_tamanhos',
        fallback: false,
        kind: 'buttons',
        texts: ['Qual tamanho?'],
        buttons: [
          { title: 'Pequena', payload: '/comprar{"tamanho":"pequena"}' },
          { title: 'Grande 🍕', payload: 'grande' },
        ],
      },
      { name: 'mostrar_cardapio', fallback: false, kind: 'image', texts: [], image: 'https://example.com/cardápio.png' },
      {
        name: 'enviar_boleto',
        fallback: false,
        kind: 'attachment',
        texts: ['Segue o boleto'],
        attachment: { type: 'file', payload: { url: 'https://example.com/b.pdf', pages: [1, 2], signed: true, note: null } },
      },
      { name: 'enviar_link', fallback: false, kind: 'attachment', texts: [], attachment: 'https://example.com/link' },
      { name: 'anexo_nulo', fallback: false, kind: 'attachment', texts: [], attachment: null },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi. Pode reformular?'] },
    ],
    dialogues: [
      { name: 'oi', theme: 'atendimento', intents: ['saudacao'], skill: 'responder_saudacao' },
      { name: 'pedido', intents: ['comprar', 'saudacao'], skill: 'oferecer_tamanhos' },
      { name: 'pedido_tamanho', intents: ['comprar'], skill: 'mostrar_cardapio', followUpOf: 'pedido' },
      {
        name: 'entregar',
        intents: ['comprar'],
        skill: 'enviar_boleto',
        followUpOf: 'pedido_tamanho',
        slots: [
          { context: 'tamanho', question: 'oferecer_tamanhos', valuesAsButtons: true, label: 'Tamanho', maxAttempts: 2 },
          { context: 'endereco', question: 'responder_saudacao', invalid: 'nao_entendi' },
          { context: 'data_entrega' },
        ],
        confirm: 'enviar_link',
        cancel: 'anexo_nulo',
      },
    ],
  };
}

function textSkill(name: string, text: string, fallback = false): Skill {
  return { name, fallback, kind: 'text', texts: [text] };
}

describe.each(storeVariants())('$name store: content', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('starts empty', async () => {
    expect(await store.content.load(assistant.id)).toStrictEqual(emptyContent());
  });

  it('loads exactly what a replace saved, in the saved order', async () => {
    const content = sampleContent();
    await store.content.save(assistant.id, content, 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(content);
  });

  it('replace removes what the new content lacks', async () => {
    await store.content.save(assistant.id, sampleContent(), 'replace');
    const smaller: AssistantContent = {
      themes: [{ name: 'atendimento' }],
      intents: [{ name: 'adeus', phrases: [{ text: 'tchau' }] }, { name: 'saudacao', phrases: [{ text: 'oi' }] }],
      contexts: [{ name: 'entrega', type: 'boolean' }],
      regexes: [],
      skills: [textSkill('nao_entendi', 'Hã?', true)],
      dialogues: [],
    };
    await store.content.save(assistant.id, smaller, 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(smaller);
    await store.content.save(assistant.id, emptyContent(), 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(emptyContent());
  });

  it('merge overwrites items of the same name in place, appends new ones and keeps the rest', async () => {
    const original = sampleContent();
    await store.content.save(assistant.id, original, 'replace');
    const incoming: AssistantContent = {
      themes: [{ name: 'novidades' }, { name: 'vendas', description: 'Vendas online' }],
      intents: [
        { name: 'comprar', phrases: [{ text: 'vou querer um refri', entities: [{ start: 15, end: 19, entity: 'produto', value: 'refrigerante' }] }] },
        { name: 'reclamar', theme: 'atendimento', phrases: [{ text: 'está atrasado' }] },
      ],
      contexts: [{ name: 'tamanho', type: 'text', values: [{ value: 'grande', synonyms: ['gg'] }] }],
      regexes: [{ name: 'cpf', pattern: '[0-9]{11}' }, { name: 'telefone', pattern: '\\(\\d{2}\\) \\d{4,5}-\\d{4}' }],
      skills: [{ name: 'mostrar_cardapio', fallback: false, kind: 'text', texts: ['Veja o cardápio no site'] }],
      dialogues: [{ name: 'reclamacao', intents: ['reclamar'], skill: 'nao_entendi', followUpOf: 'oi' }],
    };
    await store.content.save(assistant.id, incoming, 'merge');

    const loaded = await store.content.load(assistant.id);
    expect(loaded).toStrictEqual({
      themes: [{ name: 'vendas', description: 'Vendas online' }, original.themes[1], original.themes[2], { name: 'novidades' }],
      // 'comprar' keeps its place with only the new phrases.
      intents: [original.intents[0], incoming.intents[0], original.intents[2], incoming.intents[1]],
      contexts: original.contexts.map((context) => (context.name === 'tamanho' ? incoming.contexts[0] : context)),
      // Patterns of a merged name replace all stored patterns of that name, after those that stay.
      regexes: [original.regexes[1], ...incoming.regexes],
      skills: original.skills.map((skill) => (skill.name === 'mostrar_cardapio' ? incoming.skills[0] : skill)),
      dialogues: [...original.dialogues, incoming.dialogues[0]],
    });
  });

  it('merge into an empty assistant equals a replace', async () => {
    const content = sampleContent();
    await store.content.save(assistant.id, content, 'merge');
    expect(await store.content.load(assistant.id)).toStrictEqual(content);
  });

  it('an overwritten item keeps its place across merges', async () => {
    await store.content.save(assistant.id, sampleContent(), 'replace');
    await store.content.save(assistant.id, { ...emptyContent(), skills: [textSkill('novo', 'a')] }, 'merge');
    await store.content.save(assistant.id, { ...emptyContent(), skills: [textSkill('responder_saudacao', 'b')] }, 'merge');
    const names = (await store.content.load(assistant.id)).skills.map((skill) => skill.name);
    expect(names).toEqual(['responder_saudacao', 'oferecer_tamanhos', 'mostrar_cardapio', 'enviar_boleto', 'enviar_link', 'anexo_nulo', 'nao_entendi', 'novo']);
    const greeting = (await store.content.load(assistant.id)).skills[0];
    expect(greeting).toStrictEqual(textSkill('responder_saudacao', 'b'));
  });

  it('saves in one transaction: a save that fails changes nothing', async () => {
    const content = sampleContent();
    await store.content.save(assistant.id, content, 'replace');
    // Themes and intents are written before the skills reveal a second fallback skill.
    const invalid: AssistantContent = {
      ...emptyContent(),
      themes: [{ name: 'nova' }],
      intents: [{ name: 'saudacao', phrases: [{ text: 'trocada' }] }],
      skills: [textSkill('outro_fallback', 'Hein?', true)],
    };
    await expect(store.content.save(assistant.id, invalid, 'merge')).rejects.toThrow(/fallback/);
    await expect(store.content.save(assistant.id, invalid, 'merge')).rejects.toBeInstanceOf(StoreValidationError);
    expect(await store.content.load(assistant.id)).toStrictEqual(content);

    const twoFallbacks = { ...content, skills: [...content.skills, textSkill('segundo', 'x', true)] };
    await expect(store.content.save(assistant.id, twoFallbacks, 'replace')).rejects.toBeInstanceOf(StoreValidationError);
    expect(await store.content.load(assistant.id)).toStrictEqual(content);
  });

  it('a load running with saves sees one whole save, never parts of two', async () => {
    const a = sampleContent();
    const b: AssistantContent = {
      ...emptyContent(),
      themes: [{ name: 'b' }],
      intents: a.intents.map((intent) => ({ ...intent, phrases: [{ text: `b ${intent.name}` }] })),
      skills: [textSkill('b', 'b', true)],
    };
    await store.content.save(assistant.id, a, 'replace');
    const saves = Promise.all(Array.from({ length: 6 }, (_, index) => store.content.save(assistant.id, index % 2 === 0 ? b : a, 'replace')));
    const loads = Promise.all(Array.from({ length: 12 }, () => store.content.load(assistant.id)));
    const [, loaded] = await Promise.all([saves, loads]);
    for (const content of loaded) expect([a, b]).toContainEqual(content);
    // Saves started together may finish in any order, but each one whole.
    expect([a, b]).toContainEqual(await store.content.load(assistant.id));
  });

  it('refuses two items of the same kind and name in one save', async () => {
    const content = sampleContent();
    const duplicate = { ...content, intents: [...content.intents, { name: 'saudacao', phrases: [] }] };
    await expect(store.content.save(assistant.id, duplicate, 'replace')).rejects.toThrow(/Duplicate intent name "saudacao"/);
    expect(await store.content.load(assistant.id)).toStrictEqual(emptyContent());
    // The same name in different kinds is fine: names are per kind.
    const shared: AssistantContent = {
      ...emptyContent(),
      themes: [{ name: 'pedido' }],
      intents: [{ name: 'pedido', phrases: [] }],
      skills: [textSkill('pedido', 'ok')],
      dialogues: [{ name: 'pedido', intents: ['pedido'], skill: 'pedido' }],
    };
    await store.content.save(assistant.id, shared, 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(shared);
  });

  it('keeps the content of each assistant apart', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    const content = sampleContent();
    const english: AssistantContent = { ...emptyContent(), intents: [{ name: 'greet', phrases: [{ text: 'hello' }] }] };
    await store.content.save(assistant.id, content, 'replace');
    await store.content.save(other.id, english, 'replace');
    await store.content.save(other.id, english, 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(content);
    expect(await store.content.load(other.id)).toStrictEqual(english);
  });

  it('saves and loads a large content in order', async () => {
    const intents = Array.from({ length: 1203 }, (_, index) => ({
      name: `intent_${(1203 - index).toString().padStart(4, '0')}`,
      phrases: Array.from({ length: 3 }, (_, phrase) => ({ text: `frase ${phrase} da intenção ${index}` })),
    }));
    const regexes = Array.from({ length: 700 }, (_, index) => ({ name: `r${index % 7}`, pattern: `p${index}` }));
    const content: AssistantContent = { ...emptyContent(), intents, regexes };
    await store.content.save(assistant.id, content, 'replace');
    expect(await store.content.load(assistant.id)).toStrictEqual(content);
    const renamed = intents.map((intent) => ({ ...intent, phrases: [{ text: `nova ${intent.name}` }] }));
    await store.content.save(assistant.id, { ...emptyContent(), intents: renamed }, 'merge');
    expect((await store.content.load(assistant.id)).intents).toStrictEqual(renamed);
  });

  it('refuses unknown assistants', async () => {
    await expect(store.content.load(assistant.id + 1000)).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.content.save(assistant.id + 1000, sampleContent(), 'replace')).rejects.toBeInstanceOf(StoreNotFoundError);
  });
});
