import { describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from '../assistant/content.js';
import { applyEvents, readConversationState } from '../tracker/conversation-state.js';
import { sessionStartEvents, slotEvent, userEvent, type TrackerEvent } from '../tracker/events.js';
import { DialogueManager, type TurnRequest } from './dialogue-manager.js';

function content(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'equipment', type: 'categorical', values: ['printer', 'monitor'] },
      { name: 'office', type: 'categorical', values: ['north', 'south'] },
    ],
    skills: [
      { name: 'ask_equipment', fallback: false, kind: 'text', texts: ['Which equipment?'] },
      { name: 'ask_office', fallback: false, kind: 'text', texts: ['Which office?'] },
      { name: 'ticket_opened', fallback: false, kind: 'text', texts: ['Ticket for the {equipment} in the {office} office.'] },
      { name: 'hello', fallback: false, kind: 'text', texts: ['Hello!'] },
      { name: 'sorry', fallback: true, kind: 'text', texts: ['Sorry?'] },
    ],
    dialogues: [
      {
        name: 'ticket',
        intents: ['open_ticket'],
        skill: 'ticket_opened',
        slots: [
          { context: 'equipment', question: 'ask_equipment' },
          { context: 'office', question: 'ask_office' },
        ],
      },
      { name: 'greeting', intents: ['greet'], skill: 'hello' },
    ],
  };
}

function request(manager: DialogueManager, state: TurnRequest['state'], text: string, intent: string, now: number): TurnRequest {
  const parse = { text, intent: { name: intent, confidence: 0.9 }, entities: [], intent_ranking: [{ name: intent, confidence: 0.9 }] };
  return { text, parse, external: false, state, messageSlots: [], now, metadata: {}, random: () => 0, sender: manager.language };
}

describe('DialogueManager: the slots of the state it answers from', () => {
  it('are read, never written: the turn sets its answers on its own copy and the state keeps what it had', () => {
    const manager = new DialogueManager(content(), 'en');
    const start = readConversationState([...sessionStartEvents(1, {}, {}), slotEvent('office', 'north', 1)]);
    const asked = manager.answer(request(manager, start, 'open a ticket', 'open_ticket', 2));
    expect(asked.messages.map((message) => message.text)).toEqual(['Which equipment?']);
    const asking = applyEvents(start, asked.events);
    const slotsBefore = { ...asking.slots };

    const answered = manager.answer(request(manager, asking, 'printer', 'nlu_fallback', 3));
    expect(answered.messages.map((message) => message.text)).toEqual(['Ticket for the printer in the north office.']);
    expect(asking.slots).toEqual(slotsBefore);
    expect(asking.slots['equipment']).toBeUndefined();
    expect(applyEvents(asking, answered.events).slots).toMatchObject({ equipment: 'printer', office: 'north', requested_slot: null });
  });

});

/** A pizza: how many (a number), then a filled crust (yes/no), then a confirmation; a goodbye that asks for a rating, with follow-ups. */
function pizzaContent(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'flavour', type: 'categorical', values: ['cheese', 'pepperoni'] },
      { name: 'quantity', type: 'float', min: 1, max: 10 },
      { name: 'crust', type: 'boolean' },
    ],
    skills: [
      { name: 'ask_flavour', fallback: false, kind: 'text', texts: ['Which flavour?'] },
      { name: 'ask_quantity', fallback: false, kind: 'text', texts: ['How many pizzas?'] },
      { name: 'ask_crust', fallback: false, kind: 'text', texts: ['Filled crust?'] },
      { name: 'confirm_order', fallback: false, kind: 'text', texts: ['{quantity:number} {flavour}, crust {crust}?'] },
      { name: 'ordered', fallback: false, kind: 'text', texts: ['Ordered.'] },
      { name: 'ask_rating', fallback: false, kind: 'text', texts: ['Would you rate me?'], buttons: [{ title: 'Yes', payload: 'yes' }, { title: 'No', payload: 'no' }] },
      { name: 'thanks_rating', fallback: false, kind: 'text', texts: ['Thanks for rating!'] },
      { name: 'thanks_anyway', fallback: false, kind: 'text', texts: ['Thanks anyway!'] },
      { name: 'hours', fallback: false, kind: 'text', texts: ['We open at 8.'] },
      { name: 'sorry', fallback: true, kind: 'text', texts: ['Sorry?'] },
    ],
    dialogues: [
      {
        name: 'pizza',
        intents: ['order_pizza'],
        skill: 'ordered',
        slots: [
          { context: 'flavour', question: 'ask_flavour' },
          { context: 'quantity', question: 'ask_quantity' },
          { context: 'crust', question: 'ask_crust' },
        ],
        confirm: 'confirm_order',
      },
      { name: 'goodbye', intents: ['bye'], skill: 'ask_rating' },
      { name: 'goodbye_yes', intents: ['affirm'], skill: 'thanks_rating', followUpOf: 'goodbye' },
      { name: 'goodbye_no', intents: ['deny'], skill: 'thanks_anyway', followUpOf: 'goodbye' },
      { name: 'opening_hours', intents: ['hours'], skill: 'hours' },
    ],
  };
}

/** A conversation with the pizza assistant: each message's entities and slots as the engine makes them; the state folded from the events. */
function pizzaChat(content: AssistantContent = pizzaContent(), language = 'en') {
  const manager = new DialogueManager(content, language);
  const events: TrackerEvent[] = [...sessionStartEvents(1, {}, {})];
  let state = readConversationState(events);
  let now = 1;
  const yesNo: Record<string, boolean> = { yes: true, no: false, sim: true, nao: false, si: true };
  const say = (text: string, intent = 'nlu_fallback'): string[] => {
    now += 1;
    const entities: Array<{ entity: string; value: unknown; start: number; end: number; extractor: string }> = [];
    for (const match of text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().matchAll(/\w+/g)) {
      const word = match[0];
      const start = match.index;
      if (word in yesNo) entities.push({ entity: 'crust', value: yesNo[word], start, end: start + word.length, extractor: 'BooleanExtractor' });
      if (/^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= 10) entities.push({ entity: 'quantity', value: Number(word), start, end: start + word.length, extractor: 'NumberExtractor' });
      if (word === 'cheese' || word === 'pepperoni') entities.push({ entity: 'flavour', value: word, start, end: start + word.length, extractor: 'ContextValueExtractor' });
    }
    const parse = { text, intent: { name: intent, confidence: 0.9 }, entities, intent_ranking: [{ name: intent, confidence: 0.9 }] };
    const messageSlots = entities.map((entity) => slotEvent(entity.entity, entity.value, now));
    const answer = manager.answer({ text, parse, external: false, state, messageSlots, now, metadata: {}, random: () => 0, sender: 'en' });
    const turn = [userEvent({ text, parseData: parse, inputChannel: 'rest', metadata: {} }, now), ...answer.events];
    events.push(...turn);
    state = applyEvents(state, turn);
    return answer.messages.map((message) => message.text ?? '');
  };
  return { say, state: () => state, events: () => events };
}

describe('DialogueManager: a yes/no word or a bare number answers only the question asked', () => {
  it('"yes" to the number question sets no later yes/no context: it does not fit, and the yes/no question is asked later', () => {
    const chat = pizzaChat();
    expect(chat.say('I want a pizza', 'order_pizza')).toEqual(['Which flavour?']);
    expect(chat.say('cheese')).toEqual(['How many pizzas?']);
    const yes = chat.say('yes');
    expect(yes).toHaveLength(2);
    expect(yes[0]).toMatch(/number/i);
    expect(yes[1]).toBe('How many pizzas?');
    expect(chat.state().slots['crust']).toBeUndefined();
    expect(chat.state().activeLoop).toMatchObject({ requested: 'quantity', attempts: 1 });
    expect(chat.say('2')).toEqual(['Filled crust?']);
    expect(chat.say('no')).toEqual(['2 cheese, crust no?']);
  });

  it('a "no" inside an answer to another question fills no yes/no context; named values still fill other contexts at once', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    expect(chat.say('no, is there a bigger one than cheese')).toEqual(['How many pizzas?']);
    expect(chat.state().slots['crust']).toBeUndefined();
    expect(chat.say('3 pepperoni')).toEqual(['Filled crust?']);
    expect(chat.state().slots).toMatchObject({ flavour: 'pepperoni', quantity: 3 });
    // At the confirmation a "no" is the answer to it, not a new crust.
    expect(chat.say('yes')).toEqual(['3 pepperoni, crust yes?']);
    chat.say('no');
    expect(chat.state().slots['crust']).toBe(true);
    expect(chat.state().activeLoop?.requested).toBe('correction');
  });
});

describe('DialogueManager: a side question whose answer asks its own question (follow-ups)', () => {
  it('answers the follow-up on the next message, then asks the dialogue’s question again; the state read anew from the events is the same', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    // The rating question ends the answer: the pizza's question waits.
    expect(chat.say('bye', 'bye')).toEqual(['Would you rate me?']);
    expect(chat.state().activeLoop).toMatchObject({ name: 'pizza', requested: 'flavour', sideDialogue: 'goodbye' });
    // Rasa's events: the loop rejected, the side answer, the loop interrupted — and not run again yet.
    const turn = chat.events().slice(chat.events().findLastIndex((event) => event.event === 'user') + 1);
    expect(turn.map((event) => `${event.event}:${String(event.name ?? event.is_interrupted ?? '')}`)).toEqual([
      'action_execution_rejected:pizza',
      'action:ask_rating',
      'bot:',
      'loop_interrupted:true',
    ]);
    expect(readConversationState(chat.events())).toEqual(chat.state());
    expect(chat.say('yes', 'affirm')).toEqual(['Thanks for rating!', 'Which flavour?']);
    expect(chat.state().slots['crust']).toBeUndefined();
    expect(chat.state().activeLoop).toMatchObject({ name: 'pizza', requested: 'flavour', attempts: 0 });
    expect(chat.state().activeLoop?.sideDialogue).toBeUndefined();
    expect(readConversationState(chat.events())).toEqual(chat.state());
    expect(chat.say('cheese')).toEqual(['How many pizzas?']);
  });

  it('reads a message that answers no follow-up as the dialogue’s answer', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    chat.say('bye', 'bye');
    expect(chat.say('pepperoni')).toEqual(['How many pizzas?']);
    expect(chat.say('nonsense', 'affirm')).toEqual([expect.stringMatching(/number/i), 'How many pizzas?']);
  });

  it('at the confirmation, the side question’s "no" answers it, not the confirmation', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    chat.say('cheese');
    chat.say('2');
    expect(chat.say('yes')).toEqual(['2 cheese, crust yes?']);
    expect(chat.say('bye', 'bye')).toEqual(['Would you rate me?']);
    expect(chat.say('no', 'deny')).toEqual(['Thanks anyway!', '2 cheese, crust yes?']);
    expect(chat.state().activeLoop?.requested).toBe('confirmation');
    expect(chat.say('yes', 'affirm')).toEqual(['Ordered.']);
  });

  it('a side answer without follow-ups still comes back with the question in the same turn', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    expect(chat.say('when do you open', 'hours')).toEqual(['We open at 8.', 'Which flavour?']);
  });
});


/** The pizza with a second number context: how many drinks, after the crust. */
function pizzaAndDrinksContent(): AssistantContent {
  const pizza = pizzaContent();
  return {
    ...pizza,
    contexts: [...pizza.contexts, { name: 'drinks', type: 'float', min: 0, max: 20 }],
    skills: [
      ...pizza.skills.map((skill) => (skill.name === 'confirm_order' ? { ...skill, texts: ['{quantity:number} {flavour}, {drinks:number} drinks?'] } : skill)),
      { name: 'ask_drinks', fallback: false, kind: 'text', texts: ['How many drinks?'] },
    ],
    dialogues: pizza.dialogues.map((dialogue) =>
      dialogue.name === 'pizza' ? { ...dialogue, slots: [...(dialogue.slots ?? []), { context: 'drinks', question: 'ask_drinks', label: 'bottles' }] } : dialogue,
    ),
  };
}

describe('DialogueManager: a correction that names a new number at the confirmation', () => {
  function atConfirmation(content?: AssistantContent) {
    const chat = pizzaChat(content);
    chat.say('I want a pizza', 'order_pizza');
    chat.say('cheese');
    chat.say('2');
    return chat;
  }

  it('changes the one number context and confirms again ("actually 3", "no, it\'s 4", "sorry, three")', () => {
    const chat = atConfirmation();
    expect(chat.say('no')).toEqual(['2 cheese, crust no?']);
    expect(chat.say('actually 3')).toEqual(['3 cheese, crust no?']);
    expect(chat.state().slots).toMatchObject({ quantity: 3, crust: false });
    expect(chat.state().activeLoop?.requested).toBe('confirmation');
    expect(chat.say("no, it's 4")).toEqual(['4 cheese, crust no?']);
    expect(chat.say('sorry, three')).toEqual(['3 cheese, crust no?']);
    // Naming the context, or a word of its question, is a correction too.
    expect(chat.say('actually the quantity is 5')).toEqual(['5 cheese, crust no?']);
    expect(chat.say('no, 6 pizzas')).toEqual(['6 cheese, crust no?']);
    // A value named beside the number changes its own context too.
    expect(chat.say('actually 2 pepperoni')).toEqual(['2 pepperoni, crust no?']);
    expect(chat.say('yes')).toEqual(['Ordered.']);
    expect(chat.state().slots).toMatchObject({ quantity: 2, flavour: 'pepperoni' });
  });

  it('a bare number, or a number with other words, is handled as before; a number out of range says the range', () => {
    const chat = atConfirmation();
    expect(chat.say('no')).toEqual(['2 cheese, crust no?']);
    expect(chat.say('3')).toEqual([expect.stringMatching(/yes to confirm/), '2 cheese, crust no?']);
    expect(chat.state().slots['quantity']).toBe(2);
    // "no, at 3 pm" is a no with something else: what to change is asked, as before.
    expect(chat.say('no, at 3 pm')).toEqual(['What would you like to change?']);
    expect(chat.state().slots['quantity']).toBe(2);
    const other = atConfirmation();
    other.say('no');
    expect(other.say('actually 30')).toEqual([expect.stringMatching(/from 1 to 10/), '2 cheese, crust no?']);
    expect(other.state().slots['quantity']).toBe(2);
    expect(other.state().activeLoop?.requested).toBe('confirmation');
  });

  it('in Portuguese and Spanish too ("na verdade são 3", "não, são três", "en realidad son 3", "no, son 4")', () => {
    const pt = pizzaChat(pizzaContent(), 'pt');
    pt.say('quero uma pizza', 'order_pizza');
    pt.say('cheese');
    pt.say('2');
    expect(pt.say('não')).toEqual(['2 cheese, crust não?']);
    expect(pt.say('na verdade são 3')).toEqual(['3 cheese, crust não?']);
    expect(pt.say('não, são três')).toEqual(['3 cheese, crust não?']);
    expect(pt.say('ou melhor, quero 5 pizzas')).toEqual(['5 cheese, crust não?']);
    expect(pt.state().slots['quantity']).toBe(5);
    const es = pizzaChat(pizzaContent(), 'es');
    es.say('quiero una pizza', 'order_pizza');
    es.say('cheese');
    es.say('2');
    expect(es.say('no')).toEqual(['2 cheese, crust no?']);
    expect(es.say('en realidad son 3')).toEqual(['3 cheese, crust no?']);
    expect(es.say('no, son 4')).toEqual(['4 cheese, crust no?']);
    expect(es.say('perdón, siete')).toEqual(['7 cheese, crust no?']);
    expect(es.state().slots['quantity']).toBe(7);
  });

  it('reads halves and dozens written as words, in the answer and in a correction, within the range', () => {
    const chat = pizzaChat();
    chat.say('I want a pizza', 'order_pizza');
    chat.say('cheese');
    expect(chat.say('two and a half')).toEqual(['Filled crust?']);
    expect(chat.state().slots['quantity']).toBe(2.5);
    expect(chat.say('no')).toEqual(['2.5 cheese, crust no?']);
    expect(chat.say('actually half a dozen')).toEqual(['6 cheese, crust no?']);
    expect(chat.say('sorry, a dozen')).toEqual([expect.stringMatching(/from 1 to 10/), '6 cheese, crust no?']);
    expect(chat.state().slots['quantity']).toBe(6);
  });

  it('with two number contexts, changes only the one the message names (its label, name or question); otherwise neither', () => {
    const chat = atConfirmation(pizzaAndDrinksContent());
    expect(chat.say('no')).toEqual(['How many drinks?']);
    expect(chat.say('4')).toEqual(['2 cheese, 4 drinks?']);
    expect(chat.say('actually 3')).toEqual([expect.stringMatching(/yes to confirm/), '2 cheese, 4 drinks?']);
    expect(chat.state().slots).toMatchObject({ quantity: 2, drinks: 4 });
    expect(chat.say('actually 3 drinks')).toEqual(['2 cheese, 3 drinks?']);
    expect(chat.say('no, 5 bottles')).toEqual(['2 cheese, 5 drinks?']);
    // A word that names neither: no correction.
    expect(chat.say('actually 3 euros')).toEqual([expect.stringMatching(/yes to confirm/), '2 cheese, 5 drinks?']);
    expect(chat.say('sorry, 1 pizza')).toEqual(['1 cheese, 5 drinks?']);
    expect(chat.state().slots).toMatchObject({ quantity: 1, drinks: 5 });
  });
});

/** A technician's visit: equipment (values), a date, a phone, how many (a number), confirmed; a password reset that asks; opening hours that only answer. */
function visitContent(): AssistantContent {
  return {
    ...emptyContent(),
    contexts: [
      { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: [] }, { value: 'computador', synonyms: [] }] },
      { name: 'data', type: 'text', values: [], entity: 'date' },
      { name: 'telefone', type: 'text', values: [], entity: 'phone' },
      { name: 'quantidade', type: 'float', min: 1, max: 10 },
      { name: 'sistema', type: 'text', values: [], lifetime: 'dialogue' },
    ],
    skills: [
      { name: 'perguntar_equipamento', fallback: false, kind: 'text', texts: ['Qual equipamento?'] },
      { name: 'perguntar_data', fallback: false, kind: 'text', texts: ['Para qual data?'] },
      { name: 'perguntar_telefone', fallback: false, kind: 'text', texts: ['Qual telefone, com DDD?'] },
      { name: 'perguntar_quantidade', fallback: false, kind: 'text', texts: ['Quantos equipamentos?'] },
      { name: 'confirmar', fallback: false, kind: 'text', texts: ['Confirma: {equipamento}, {data}, {telefone}, {quantidade:number}?'] },
      { name: 'agendada', fallback: false, kind: 'text', texts: ['Visita agendada.'] },
      { name: 'perguntar_sistema', fallback: false, kind: 'text', texts: ['Qual sistema?'] },
      { name: 'senha_trocada', fallback: false, kind: 'text', texts: ['Senha trocada.'] },
      { name: 'horario', fallback: false, kind: 'text', texts: ['Abrimos às 8h.'] },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi.'] },
    ],
    dialogues: [
      {
        name: 'visita',
        intents: ['agendar_visita'],
        skill: 'agendada',
        slots: [
          { context: 'equipamento', question: 'perguntar_equipamento' },
          { context: 'data', question: 'perguntar_data' },
          { context: 'telefone', question: 'perguntar_telefone' },
          { context: 'quantidade', question: 'perguntar_quantidade' },
        ],
        confirm: 'confirmar',
      },
      { name: 'senha', intents: ['trocar_senha'], skill: 'senha_trocada', slots: [{ context: 'sistema', question: 'perguntar_sistema' }] },
      { name: 'horario', intents: ['horario'], skill: 'horario' },
    ],
  };
}

type TestEntity = { entity: string; value: unknown; start: number; end: number; extractor?: string };

/** A Portuguese chat with the visit assistant: each message's intent (and confidence) and entities given; spans found in the text by `written`. */
function visitChat(threshold = 0.3) {
  const manager = new DialogueManager(visitContent(), 'pt');
  const log: TrackerEvent[] = [...sessionStartEvents(1, {}, {})];
  let state = readConversationState(log);
  let now = 1;
  const at = (text: string, written: string, entity: string, value: unknown, extractor = 'DateTimeExtractor'): TestEntity => {
    const start = text.indexOf(written);
    return { entity, value, start, end: start + written.length, extractor };
  };
  const say = (text: string, options: { intent?: string; confidence?: number; entities?: (text: string) => TestEntity[] } = {}) => {
    now += 1;
    const entities = (options.entities?.(text) ?? []).map((entity) => ({ confidence: 1, extractor: 'DateTimeExtractor', ...entity }));
    for (const value of ['impressora', 'computador']) if (text.includes(value)) entities.push(at(text, value, 'equipamento', value, 'ContextValueExtractor') as (typeof entities)[number]);
    const intent = { name: options.intent ?? 'nlu_fallback', confidence: options.confidence ?? 0.9 };
    const parse = { text, intent, entities, intent_ranking: [intent] };
    const known = new Set(['equipamento', 'data', 'telefone', 'quantidade', 'sistema']);
    const messageSlots = entities.filter((entity) => known.has(entity.entity)).map((entity) => slotEvent(entity.entity, entity.value, now));
    const answer = manager.answer({ text, parse, external: false, state, messageSlots, now, metadata: {}, random: () => 0, sender: 'pt', threshold });
    const turn = [userEvent({ text, parseData: parse, inputChannel: 'rest', metadata: {} }, now), ...answer.events];
    log.push(...turn);
    state = applyEvents(state, turn);
    return answer.messages.map((message) => message.text ?? '');
  };
  return { say, at, state: () => state, events: () => [...log] };
}

/** The visit chat at its confirmation, each answer given in its own message. */
function visitAtConfirmation() {
  const chat = visitChat();
  chat.say('agendar visita', { intent: 'agendar_visita' });
  chat.say('impressora');
  chat.say('amanhã', { entities: (text) => [chat.at(text, 'amanhã', 'date', '2025-03-11')] });
  chat.say('(11) 98765-4321', { entities: (text) => [chat.at(text, '(11) 98765-4321', 'phone', '+5511987654321', 'PhoneNumberExtractor')] });
  expect(chat.say('2')).toEqual(['Confirma: impressora, 2025-03-11, +5511987654321, 2?']);
  return chat;
}

describe('DialogueManager: a short reply read as another dialogue that asks does not take over (the question comes again)', () => {
  it('a short reply read as senha at the confirmation: the confirmation again with its hint, nothing forgotten; "tá errado" (a no) asks what to correct', () => {
    const chat = visitAtConfirmation();
    expect(chat.say('outra coisa', { intent: 'trocar_senha' })).toEqual(['Responda sim para confirmar ou não para corrigir.', 'Confirma: impressora, 2025-03-11, +5511987654321, 2?']);
    expect(chat.state().activeLoop).toMatchObject({ name: 'visita', requested: 'confirmation' });
    expect(chat.state().activeLoop).toMatchObject({ name: 'visita', requested: 'confirmation' });
    expect(chat.state().slots).toMatchObject({ equipamento: 'impressora', data: '2025-03-11', quantidade: 2 });
    expect(chat.say('sim')).toEqual(['Visita agendada.']);
  });

  it('"tá errado" read as senha at the confirmation is a no: what to correct is asked, the dialogue kept', () => {
    const chat = visitAtConfirmation();
    expect(chat.say('tá errado', { intent: 'trocar_senha' })).toEqual(['O que você quer corrigir?']);
    expect(chat.state().activeLoop).toMatchObject({ name: 'visita' });
    expect(chat.state().slots).toMatchObject({ equipamento: 'impressora', data: '2025-03-11', quantidade: 2 });
  });

  it('a short reply read as senha at the number question: the number’s hint and the question again', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    chat.say('impressora amanhã, (11) 98765-4321', {
      entities: (text) => [chat.at(text, 'amanhã', 'date', '2025-03-11'), chat.at(text, '(11) 98765-4321', 'phone', '+5511987654321', 'PhoneNumberExtractor')],
    });
    expect(chat.state().activeLoop?.requested).toBe('quantidade');
    expect(chat.say('o de sempre', { intent: 'trocar_senha' })).toEqual(['Não entendi. Informe um número entre 1 e 10.', 'Quantos equipamentos?']);
    expect(chat.state().activeLoop).toMatchObject({ name: 'visita', requested: 'quantidade' });
  });

  it('a confident request of four words or more takes over, and says the first request comes back later; one below the threshold does not', () => {
    const chat = visitAtConfirmation();
    expect(chat.say('quero trocar a senha do sistema', { intent: 'trocar_senha', confidence: 0.2 })[0]).toBe('Responda sim para confirmar ou não para corrigir.');
    expect(chat.say('quero trocar a senha do sistema', { intent: 'trocar_senha' })).toEqual(['Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.', 'Qual sistema?']);
    expect(chat.state().activeLoop).toEqual({ name: 'senha', requested: 'sistema', attempts: 0, interrupted: 'visita', interruptedStep: { requested: 'confirmation', attempts: 1 } });
  });

  it('a side question that only answers still answers, and the question comes back', () => {
    const chat = visitAtConfirmation();
    expect(chat.say('horário?', { intent: 'horario' })).toEqual(['Abrimos às 8h.', 'Confirma: impressora, 2025-03-11, +5511987654321, 2?']);
  });
});

describe('DialogueManager: a dialogue taken over comes back when the one that took over ends', () => {
  function takenOverAtEquipment() {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    chat.say('impressora');
    expect(chat.say('amanhã', { entities: (text) => [chat.at(text, 'amanhã', 'date', '2025-03-11')] })).toEqual(['Qual telefone, com DDD?']);
    expect(chat.say('quero trocar a senha do sistema', { intent: 'trocar_senha' })).toEqual(['Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.', 'Qual sistema?']);
    return chat;
  }

  it('asks its pending question again after the other finishes, with the values it had, and the other’s dialogue values are forgotten', () => {
    const chat = takenOverAtEquipment();
    expect(chat.say('SAP')).toEqual(['Senha trocada.', 'Voltando ao pedido anterior.', 'Qual telefone, com DDD?']);
    expect(chat.state().activeLoop).toEqual({ name: 'visita', requested: 'telefone', attempts: 0 });
    expect(chat.state().slots).toMatchObject({ equipamento: 'impressora', data: '2025-03-11', sistema: null });
    chat.say('(11) 98765-4321', { entities: (text) => [chat.at(text, '(11) 98765-4321', 'phone', '+5511987654321', 'PhoneNumberExtractor')] });
    expect(chat.say('2')).toEqual(['Confirma: impressora, 2025-03-11, +5511987654321, 2?']);
    expect(chat.say('sim')).toEqual(['Visita agendada.']);
  });

  it('comes back when the other is cancelled too; "cancelar" at the question that came back cancels it', () => {
    const chat = takenOverAtEquipment();
    expect(chat.say('cancelar')).toEqual(['Tudo bem, cancelei. Se precisar, é só chamar.', 'Voltando ao pedido anterior.', 'Qual telefone, com DDD?']);
    expect(chat.say('cancelar')).toEqual(['Tudo bem, cancelei. Se precisar, é só chamar.']);
    expect(chat.state().activeLoop).toBeNull();
    expect(chat.state().slots).toMatchObject({ equipamento: null, data: null });
  });

  it('comes back at once when the request that takes over gives all the other needs', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    chat.say('impressora');
    expect(chat.say('quero trocar a senha do SAP', { intent: 'trocar_senha', entities: (text) => [chat.at(text, 'SAP', 'sistema', 'SAP', 'ContextValueExtractor')] })).toEqual([
      'Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.',
      'Senha trocada.',
      'Voltando ao pedido anterior.',
      'Para qual data?',
    ]);
    expect(chat.state().activeLoop).toEqual({ name: 'visita', requested: 'data', attempts: 0 });
    expect(chat.state().slots['equipamento']).toBe('impressora');
  });

  it('is read back from the events alone (a state rebuilt after a restart)', () => {
    const chat = takenOverAtEquipment();
    expect(readConversationState(chat.events()).activeLoop).toEqual(chat.state().activeLoop);
    expect(chat.events().find((event) => event.event === 'active_loop' && event.name === 'senha')?.metadata).toMatchObject({
      interrupted_dialogue: 'visita',
      interrupted_step: 'telefone',
      interrupted_attempts: 0,
    });
  });

  /** The visit at "O que você quer corrigir?" after one answer there that did not fit, taken over by the password reset. */
  function takenOverAtCorrection() {
    const chat = visitAtConfirmation();
    expect(chat.say('não')).toEqual(['O que você quer corrigir?']);
    expect(chat.say('xyz')[1]).toBe('O que você quer corrigir?');
    expect(chat.state().activeLoop).toMatchObject({ requested: 'correction', attempts: 1 });
    expect(chat.say('quero trocar a senha do sistema', { intent: 'trocar_senha' })).toEqual(['Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.', 'Qual sistema?']);
    expect(chat.state().activeLoop).toMatchObject({ name: 'senha', interrupted: 'visita', interruptedStep: { requested: 'correction', attempts: 1 } });
    return chat;
  }

  it('comes back at the choice of what to change when it was there, its count of answers that did not fit going on, read back from the events alone', () => {
    const chat = takenOverAtCorrection();
    expect(chat.say('SAP')).toEqual(['Senha trocada.', 'Voltando ao pedido anterior.', 'O que você quer corrigir?']);
    expect(chat.state().activeLoop).toEqual({ name: 'visita', requested: 'correction', attempts: 1 });
    expect(readConversationState(chat.events()).activeLoop).toEqual(chat.state().activeLoop);
    const asked = chat.events().filter((event) => event.event === 'slot' && event.name === 'requested_slot').at(-1);
    expect(asked).toMatchObject({ value: 'correction', metadata: { resumed_attempts: 1 } });
    // Two more that do not fit make three: the dialogue gives up, as it would have without the takeover.
    expect(chat.say('abc')).toEqual([expect.stringMatching(/^Não entendi. Escolha o que quer corrigir/), 'O que você quer corrigir?']);
    expect(chat.say('def')).toEqual([expect.stringMatching(/^Não consegui entender a resposta/)]);
    expect(chat.state().activeLoop).toBeNull();
  });

  it('at the choice of what to change, a context chosen after coming back is asked, then the confirmation', () => {
    const chat = takenOverAtCorrection();
    chat.say('cancelar');
    expect(chat.say('data')).toEqual(['Para qual data?']);
    expect(chat.say('sexta', { entities: (text) => [chat.at(text, 'sexta', 'date', '2025-03-14')] })).toEqual(['Confirma: impressora, 2025-03-14, +5511987654321, 2?']);
  });

  it('taken over at the choice of what to change, asks what is missing first when the dialogue asks for more by then (a new model)', () => {
    const chat = takenOverAtCorrection();
    // The assistant is trained again meanwhile: the visit now asks for a note too, which it does not have.
    const content = visitContent();
    content.skills.push({ name: 'perguntar_nota', fallback: false, kind: 'text', texts: ['Alguma observação?'] });
    content.contexts.push({ name: 'nota', type: 'text', values: [] });
    const visita = content.dialogues.find((dialogue) => dialogue.name === 'visita');
    visita?.slots?.push({ context: 'nota', question: 'perguntar_nota' });
    const manager = new DialogueManager(content, 'pt');
    const answer = manager.answer({ ...request(manager, readConversationState(chat.events()), 'SAP', 'nlu_fallback', 100), sender: 'pt' });
    expect(answer.messages.map((message) => message.text)).toEqual(['Senha trocada.', 'Voltando ao pedido anterior.', 'Alguma observação?']);
    expect(applyEvents(readConversationState(chat.events()), answer.events).activeLoop).toEqual({ name: 'visita', requested: 'nota', attempts: 0 });
  });

  it('at the confirmation, comes back at the confirmation with a count afresh, as before', () => {
    const chat = visitAtConfirmation();
    chat.say('talvez');
    expect(chat.state().activeLoop).toMatchObject({ requested: 'confirmation', attempts: 1 });
    chat.say('quero trocar a senha do sistema', { intent: 'trocar_senha' });
    expect(chat.say('SAP')).toEqual(['Senha trocada.', 'Voltando ao pedido anterior.', 'Confirma: impressora, 2025-03-11, +5511987654321, 2?']);
    expect(chat.state().activeLoop).toEqual({ name: 'visita', requested: 'confirmation', attempts: 0 });
  });

});

describe('DialogueManager: an answer that names two values of a context that takes one', () => {
  it('asks which one, naming them, and fills nothing until one is said', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    expect(chat.say('impressora e computador')).toEqual(['Só posso registrar um. Qual deles: impressora ou computador?', 'Qual equipamento?']);
    expect(chat.state().slots['equipamento']).toBeUndefined();
    expect(chat.say('computador')).toEqual(['Para qual data?']);
    expect(chat.state().slots['equipamento']).toBe('computador');
  });
});

describe('DialogueManager: the hint at "O que você quer corrigir?"', () => {
  it('names what may be chosen, not the confirmation’s yes/no', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    chat.say('impressora amanhã (11) 98765-4321 ', {
      entities: (text) => [chat.at(text, 'amanhã', 'date', '2025-03-11'), chat.at(text, '(11) 98765-4321', 'phone', '+5511987654321', 'PhoneNumberExtractor')],
    });
    chat.say('2');
    expect(chat.say('não')).toEqual(['O que você quer corrigir?']);
    expect(chat.say('xyz')).toEqual(['Não entendi. Escolha o que quer corrigir: equipamento, data, telefone, quantidade ou cancelar.', 'O que você quer corrigir?']);
    expect(chat.state().activeLoop?.requested).toBe('correction');
  });
});

describe('DialogueManager: dates, phones… said for another question than the one asked', () => {
  it('a datetime answers the date question with its date part, and in the opening message', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    chat.say('impressora');
    expect(chat.say('amanhã às 10h', { entities: (text) => [chat.at(text, 'amanhã às 10h', 'datetime', '2025-03-11T10:00')] })).toEqual(['Qual telefone, com DDD?']);
    expect(chat.state().slots['data']).toBe('2025-03-11');
    const opening = visitChat();
    expect(opening.say('quero agendar uma visita técnica amanhã às 10h', { intent: 'agendar_visita', entities: (text) => [opening.at(text, 'amanhã às 10h', 'datetime', '2025-03-11T10:00')] })).toEqual(['Qual equipamento?']);
    expect(opening.state().slots['data']).toBe('2025-03-11');
  });

  it('keeps a date said with the equipment, a phone said with the date, and changes a date only on a correction', () => {
    const chat = visitChat();
    chat.say('agendar visita', { intent: 'agendar_visita' });
    expect(chat.say('impressora, pra amanhã', { entities: (text) => [chat.at(text, 'amanhã', 'date', '2025-03-11')] })).toEqual(['Qual telefone, com DDD?']);
    expect(chat.state().slots).toMatchObject({ equipamento: 'impressora', data: '2025-03-11' });
    chat.say('na verdade pra sexta', { entities: (text) => [chat.at(text, 'sexta', 'date', '2025-03-14')] });
    expect(chat.state().slots['data']).toBe('2025-03-14');
    // A date said without a correction does not replace the one given.
    const other = visitChat();
    other.say('agendar visita', { intent: 'agendar_visita' });
    other.say('impressora');
    expect(other.say('amanhã, meu telefone é (11) 98765-4321', {
      entities: (text) => [other.at(text, 'amanhã', 'date', '2025-03-11'), other.at(text, '(11) 98765-4321', 'phone', '+5511987654321', 'PhoneNumberExtractor')],
    })).toEqual(['Quantos equipamentos?']);
    expect(other.state().slots).toMatchObject({ data: '2025-03-11', telefone: '+5511987654321' });
    expect(other.say('ah, na verdade a data é sexta', { entities: (text) => [other.at(text, 'sexta', 'date', '2025-03-14')] })).toEqual(['Quantos equipamentos?']);
    expect(other.state().slots['data']).toBe('2025-03-14');
    expect(other.say('e o técnico vem sexta?', { entities: (text) => [other.at(text, 'sexta', 'date', '2025-03-21')] })).toEqual([expect.stringMatching(/número/), 'Quantos equipamentos?']);
    expect(other.state().slots['data']).toBe('2025-03-14');
    expect(other.say('1')).toEqual(['Confirma: impressora, 2025-03-14, +5511987654321, 1?']);
    expect(other.say('não, a data é amanhã', { entities: (text) => [other.at(text, 'amanhã', 'date', '2025-03-11')] })).toEqual(['Confirma: impressora, 2025-03-11, +5511987654321, 1?']);
  });
});
