// Issue 13 end to end, through the REST channel and the conversations API of a real platform, on
// SQLite and on PostgreSQL: a dialogue that asks for what is missing (questions, value buttons,
// answers read by type, several values at once, confirmation, changing an answer, leaving, giving
// up, digressions), contexts remembered and forgotten by their lifetime, texts that fit the
// contexts set, and Rasa's form events in the tracker. Also the UX review's findings: no stale
// value in an unrelated answer, no broken sentence for an unset context.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssistantRecord } from '../src/store/store.js';
import type { TrackerEvent } from '../src/tracker/events.js';
import { replaceDefaultAssistantContent, startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ASSISTANT = `
version: 1
contexts:
  - name: equipamento
    type: text
    lifetime: session
    values:
      - value: impressora
        synonyms: [imp, printer]
      - computador
      - monitor
  - name: descricao
    type: text
    lifetime: dialogue
  - name: nota
    type: float
    min: 0
    max: 10
  - name: urgente
    type: boolean
  - name: data_visita
    type: text
    entity: date
  - name: sistema
    type: text
    lifetime: dialogue
    values:
      - value: E-mail
        synonyms: [outlook, email]
      - value: SAP
  - name: nome
    type: text
  - name: cliente
    type: text
    lifetime: dialogue
intents:
  - name: abrir_chamado
    phrases: [quero abrir um chamado, abrir chamado, abre um chamado pra mim, preciso registrar um chamado, registrar incidente, criar ticket]
  - name: agendar_visita
    phrases: [quero agendar uma visita técnica, agendar visita, marcar uma visita do técnico, preciso de uma visita, agende um técnico]
  - name: avaliar
    phrases: [quero avaliar o atendimento, avaliar, dar uma nota, deixar minha avaliação, avaliar o suporte]
  - name: horario
    phrases: [qual o horário de atendimento, que horas vocês abrem, horário do suporte, até que horas funciona, horario de atendimento]
  - name: trocar_senha
    phrases: ['trocar a senha do [outlook](sistema)', 'esqueci a senha do [SAP](sistema)', 'redefinir senha', 'quero trocar minha senha', 'senha do [email](sistema) expirou']
  - name: conta_bloqueada
    phrases: [minha conta ta bloqueada, conta bloqueada, estou bloqueado, minha conta foi bloqueada, não consigo entrar conta bloqueada]
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, e aí]
  - name: atender_cliente
    phrases: [atender um cliente, novo atendimento, começar atendimento, atendimento ao cliente, iniciar atendimento]
skills:
  - name: perguntar_equipamento
    text: Qual equipamento?
  - name: perguntar_descricao
    text: Descreva o problema com {equipamento}.
  - name: confirmar_chamado
    text: "Confirma: {equipamento} / {descricao}?"
  - name: chamado_registrado
    text: Chamado DEMO-{$random} registrado para {equipamento}.
  - name: chamado_cancelado
    text: Certo, não registrei nada.
  - name: perguntar_data
    text: Para quando?
  - name: perguntar_urgente
    text: É urgente?
  - name: visita_agendada
    text: Visita em {data_visita:date}, urgente {urgente}.
  - name: perguntar_nota
    text: Que nota, de 0 a 10?
  - name: nota_invalida
    text: A nota vai de 0 a 10.
  - name: agradecer_nota
    text: Obrigado pela nota {nota:number}!
    variants:
      - when: {nota: {at_most: 5}}
        text: Sinto muito pela nota {nota:number}.
  - name: informar_horario
    text: Atendemos das 8h às 18h.
  - name: orientar_senha
    text: Use o portal para trocar a senha.
    variants:
      - when: {sistema: set}
        text: Use o portal para trocar a senha do {sistema}.
  - name: conta
    text: Sua conta está bloqueada; abra um chamado.
    variants:
      - when: {sistema: set}
        text: Sua conta do {sistema} está bloqueada; abra um chamado.
  - name: cumprimento
    text: 'Olá {nome}!'
  - name: atender
    text: Atendendo {cliente}.
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: chamado
    intent: abrir_chamado
    slots:
      - {context: equipamento, question: perguntar_equipamento, values_as_buttons: true, label: equipamento}
      - {context: descricao, question: perguntar_descricao, label: descrição}
    confirm: confirmar_chamado
    skill: chamado_registrado
    cancel: chamado_cancelado
  - name: visita
    intent: agendar_visita
    slots:
      - {context: data_visita, question: perguntar_data}
      - {context: urgente, question: perguntar_urgente, values_as_buttons: true, max_attempts: 2}
    skill: visita_agendada
  - name: avaliacao
    intent: avaliar
    slots:
      - {context: nota, question: perguntar_nota, invalid: nota_invalida}
    skill: agradecer_nota
  - {name: horario, intent: horario, skill: informar_horario}
  - {name: senha, intent: trocar_senha, skill: orientar_senha}
  - {name: conta, intent: conta_bloqueada, skill: conta}
  - {name: oi, intent: cumprimentar, skill: cumprimento}
  - name: atendimento
    intent: atender_cliente
    slots:
      - {context: cliente}
    skill: atender
`;

interface RestMessage {
  text?: string;
  buttons?: Array<{ title: string; payload: string }>;
}

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])('slot filling on $name', ({ postgres }) => {
  let test: TestPlatform;
  let assistant: AssistantRecord;
  let token: string;

  beforeAll(async () => {
    test = await startTestPlatform({ demo: false, postgres });
    assistant = await replaceDefaultAssistantContent(test, ASSISTANT);
    await test.platform.trainer.train(assistant);
    token = await test.platform.apiAccess.ensure(assistant);
  });
  afterAll(async () => {
    await test?.close();
  });

  let conversation = 0;
  /** A new conversation: say(message) → the bot's messages. */
  function chat() {
    const sender = `${postgres ? 'pg' : 'sq'}-${++conversation}`;
    const say = async (message: string): Promise<RestMessage[]> => {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
      expect(response.statusCode).toBe(200);
      return response.json() as RestMessage[];
    };
    const texts = async (message: string) => (await say(message)).map((reply) => reply.text);
    // Rasa's tracker as the conversations API serves it.
    const events = async () => {
      const tracker = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${token}` });
      return (tracker.json() as { events: TrackerEvent[] }).events;
    };
    const slots = async () => {
      const tracker = await test.app.inject({ method: 'GET', url: `/conversations/${sender}/tracker?token=${token}` });
      return (tracker.json() as { slots: Record<string, unknown> }).slots;
    };
    return { sender, say, texts, events, slots };
  }

  /** The turn's events after its user event, as `event:name=value` lines without timestamps. */
  function lastTurn(events: TrackerEvent[]): string[] {
    const start = events.findLastIndex((event) => event.event === 'user');
    return events.slice(start + 1).map((event) => {
      if (event.event === 'slot') return `slot:${String(event.name)}=${JSON.stringify(event.value)}`;
      if (event.event === 'bot') return `bot:${String(event.metadata?.utter_action)}`;
      if (event.event === 'action' || event.event === 'active_loop' || event.event === 'action_execution_rejected') return `${event.event}:${String(event.name)}`;
      if (event.event === 'loop_interrupted') return `loop_interrupted:${String(event.is_interrupted)}`;
      return event.event;
    });
  }

  it('asks for each missing context with its values as buttons, reads several values in one message, confirms and answers', async () => {
    const c = chat();
    const first = await c.say('quero abrir um chamado');
    expect(first).toEqual([
      {
        recipient_id: c.sender,
        text: 'Qual equipamento?',
        buttons: [
          { title: 'Impressora', payload: 'impressora' },
          { title: 'Computador', payload: 'computador' },
          { title: 'Monitor', payload: 'monitor' },
        ],
      },
    ]);
    expect(lastTurn(await c.events())).toEqual([
      'user_featurization',
      'action:chamado',
      'active_loop:chamado',
      'slot:requested_slot="equipamento"',
      'bot:perguntar_equipamento',
      'action:action_listen',
    ]);
    // Both answers in one message: the value, and more words for the free-text description.
    const summary = await c.say('a imp do 3º andar, não imprime');
    expect(summary).toEqual([
      {
        recipient_id: c.sender,
        text: 'Confirma: impressora / a imp do 3º andar, não imprime?',
        buttons: [
          { title: 'Sim', payload: 'sim' },
          { title: 'Não', payload: 'não' },
        ],
      },
    ]);
    expect(lastTurn(await c.events())).toEqual([
      'user_featurization',
      'slot:equipamento="impressora"',
      'action:chamado',
      'slot:descricao="a imp do 3º andar, não imprime"',
      'slot:requested_slot="confirmation"',
      'bot:confirmar_chamado',
      'action:action_listen',
    ]);
    const [done] = await c.texts('sim');
    expect(done).toMatch(/^Chamado DEMO-\d{6} registrado para impressora\.$/);
    expect(lastTurn(await c.events())).toEqual([
      'user_featurization',
      'action:chamado',
      'slot:requested_slot=null',
      'active_loop:null',
      'action:chamado_registrado',
      'bot:chamado_registrado',
      'action:action_listen',
    ]);
  });

  it('says clearly why an answer does not fit and asks again, then gives up after the limit', async () => {
    const c = chat();
    await c.say('agendar visita');
    expect(await c.texts('sei lá')).toEqual(['Não entendi a data. Informe um dia, por exemplo 15/04 ou amanhã.', 'Para quando?']);
    expect(lastTurn(await c.events())).toEqual(['user_featurization', 'action:visita', 'bot:utter_slot_invalid', 'bot:perguntar_data', 'action:action_listen']);
    expect((await c.say('amanhã'))[0]).toEqual({ recipient_id: c.sender, text: 'É urgente?', buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Não', payload: 'não' }] });
    expect(await c.texts('talvez')).toEqual(['Não entendi. Responda sim ou não, por favor.', 'É urgente?']);
    // max_attempts: 2 — the second answer that does not fit ends the dialogue.
    expect(await c.texts('depende')).toEqual(['Não consegui entender a resposta, então parei por aqui. Quando quiser, é só começar de novo.']);
    expect(lastTurn(await c.events())).toContain('action:action_deactivate_loop');
    // What was answered in it is forgotten.
    expect((await c.slots())['data_visita']).toBeNull();

    const d = chat();
    await d.say('agendar visita');
    await d.say('amanhã');
    const [visit] = await d.texts('sim');
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const expected = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'long' }).format(tomorrow);
    // A yes/no value is written in the assistant's language; the tracker keeps the boolean.
    expect(visit).toBe(`Visita em ${expected}, urgente sim.`);
    expect((await d.slots())['urgente']).toBe(true);
  });

  it('validates a float by its range with the dialogue’s own message, and picks the text variant by the value', async () => {
    const c = chat();
    await c.say('quero avaliar o atendimento');
    expect(await c.texts('11')).toEqual(['A nota vai de 0 a 10.', 'Que nota, de 0 a 10?']);
    expect(await c.texts('nota 4,5')).toEqual(['Sinto muito pela nota 4,5.']);
    const d = chat();
    await d.say('avaliar');
    // Two numbers offered as alternatives are no answer: the question comes again.
    expect((await d.texts('7 ou 8')).at(-1)).toBe('Que nota, de 0 a 10?');
    expect((await d.slots())['nota']).toBeNull();
    expect(await d.texts('9')).toEqual(['Obrigado pela nota 9!']);
  });

  it('reads a number written as words in the answer to a number question, and still says the range', async () => {
    const c = chat();
    // "uma" in the opening message is an article, not the rating: the question is asked.
    expect(await c.texts('dar uma nota')).toEqual(['Que nota, de 0 a 10?']);
    expect((await c.slots())['nota']).toBeNull();
    expect(await c.texts('onze')).toEqual(['A nota vai de 0 a 10.', 'Que nota, de 0 a 10?']);
    expect(await c.texts('nove')).toEqual(['Obrigado pela nota 9!']);
    expect((await c.slots())['nota']).toBe(9);
    const d = chat();
    await d.say('avaliar');
    expect(await d.texts('dou três')).toEqual(['Sinto muito pela nota 3.']);
  });

  it('fills a yes/no or number context only when the dialogue that asks for it starts; a date in the opening message answers its question', async () => {
    const c = chat();
    // A floor and a "não" in a message about something else are neither a rating nor "not urgent".
    await c.say('a impressora do 3º andar não imprime');
    expect(await c.slots()).toMatchObject({ nota: null, urgente: null });
    expect(await c.texts('quero avaliar o atendimento')).toEqual(['Que nota, de 0 a 10?']);
    expect(await c.texts('9')).toEqual(['Obrigado pela nota 9!']);
    // The date said when asking for the visit is taken; the next question is asked.
    const d = chat();
    expect(await d.texts('quero agendar uma visita técnica para amanhã')).toEqual(['É urgente?']);
    expect((await d.slots())['data_visita']).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}/));
    // "Não sei" is no "não": the question stays.
    const unsure = await d.texts('não sei');
    expect(unsure.at(-1)).toBe('É urgente?');
    expect((await d.slots())['urgente']).toBeNull();
    // A date with a time answers the date question with its date, at the start and as the answer.
    const e = chat();
    expect(await e.texts('quero agendar uma visita técnica amanhã às 10h')).toEqual(['É urgente?']);
    expect((await e.slots())['data_visita']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const f = chat();
    expect(await f.texts('agendar visita')).toEqual(['Para quando?']);
    expect(await f.texts('sexta 14h')).toEqual(['É urgente?']);
    expect((await f.slots())['data_visita']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reads a "sim" only as the answer to the question asked: to "Para quando?" it sets no later yes/no context and does not fit', async () => {
    const c = chat();
    await c.say('agendar visita');
    expect(await c.texts('sim')).toEqual(['Não entendi a data. Informe um dia, por exemplo 15/04 ou amanhã.', 'Para quando?']);
    expect((await c.slots())['urgente']).toBeNull();
    // "não tem amanhã?" names the date and asks: the "não" is no answer to "É urgente?".
    expect((await c.say('não, amanhã'))[0]?.text).toBe('É urgente?');
    expect((await c.slots())['urgente']).toBeNull();
  });

  it('leaves at any step on "cancelar" or "deixa pra lá", forgetting what was answered', async () => {
    const c = chat();
    await c.say('abrir chamado');
    expect(await c.texts('deixa pra lá')).toEqual(['Certo, não registrei nada.']);
    expect(lastTurn(await c.events())).toEqual([
      'user_featurization',
      'action:action_deactivate_loop',
      'active_loop:null',
      'slot:requested_slot=null',
      'action:chamado_cancelado',
      'bot:chamado_cancelado',
      'action:action_listen',
    ]);
    await c.say('abrir chamado');
    await c.say('computador');
    await c.say('não liga de jeito nenhum');
    expect(await c.texts('cancelar')).toEqual(['Certo, não registrei nada.']);
    const slots = await c.slots();
    expect([slots['equipamento'], slots['descricao'], slots['requested_slot']]).toEqual([null, null, null]);
    // After leaving, messages go to the dialogues again.
    expect(await c.texts('qual o horário de atendimento')).toEqual(['Atendemos das 8h às 18h.']);
  });

  it('changes an earlier answer before the skill answers: "não" at the confirmation, a command, or a new value', async () => {
    const c = chat();
    await c.say('abrir chamado');
    await c.say('monitor');
    await c.say('a tela pisca');
    expect(await c.say('não')).toEqual([
      {
        recipient_id: c.sender,
        text: 'O que você quer corrigir?',
        buttons: [
          { title: 'Equipamento', payload: 'corrigir equipamento' },
          { title: 'Descrição', payload: 'corrigir descrição' },
          { title: 'Cancelar', payload: 'cancelar' },
        ],
      },
    ]);
    expect((await c.say('corrigir equipamento'))[0]?.text).toBe('Qual equipamento?');
    expect(await c.texts('computador')).toEqual(['Confirma: computador / a tela pisca?']);
    // A command at the confirmation, then a new value given in a sentence.
    expect(await c.texts('mudar a descrição')).toEqual(['Descreva o problema com computador.']);
    expect(await c.texts('não liga')).toEqual(['Confirma: computador / não liga?']);
    expect(await c.texts('na verdade é a impressora')).toEqual(['Confirma: impressora / não liga?']);
    // A command that says the new value too takes it, and confirms again.
    expect(await c.texts('quero mudar o equipamento para o monitor')).toEqual(['Confirma: monitor / não liga?']);
    expect(await c.texts('corrigir o equipamento pra impressora')).toEqual(['Confirma: impressora / não liga?']);
    const [done] = await c.texts('sim');
    expect(done).toMatch(/registrado para impressora/);
  });

  it('answers another intent in the middle and asks again, with Rasa’s rejection events', async () => {
    const c = chat();
    await c.say('abrir chamado');
    expect(await c.texts('qual o horário de atendimento')).toEqual(['Atendemos das 8h às 18h.', 'Qual equipamento?']);
    expect(lastTurn(await c.events())).toEqual([
      'user_featurization',
      'action_execution_rejected:chamado',
      'action:informar_horario',
      'bot:informar_horario',
      'loop_interrupted:true',
      'action:chamado',
      'bot:perguntar_equipamento',
      'action:action_listen',
    ]);
    const tracker = (await test.app.inject({ method: 'GET', url: `/conversations/${c.sender}/tracker?token=${token}` })).json() as {
      active_loop: Record<string, unknown>;
      slots: Record<string, unknown>;
    };
    expect(tracker.active_loop).toMatchObject({ name: 'chamado', is_interrupted: true, rejected: false });
    expect(tracker.slots['requested_slot']).toBe('equipamento');
    // Another dialogue that asks takes over only when the NLU is confident of it: a short reply
    // does not (the question again), a request of four words or more does, and says so.
    expect(await c.texts('agendar visita')).toEqual([expect.stringMatching(/^Não entendi/), 'Qual equipamento?']);
    expect(await c.texts('quero agendar uma visita técnica')).toEqual([
      'Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.',
      'Para quando?',
    ]);
    const story = (await test.app.inject({ method: 'GET', url: `/conversations/${c.sender}/story?token=${token}` })).body;
    expect(story).toContain('- active_loop: chamado');
    expect(story).toContain('- active_loop: visita');
  });

  it('forgets a dialogue’s value when another dialogue starts: no stale value in an unrelated answer (UX review)', async () => {
    const c = chat();
    expect(await c.texts('trocar a senha do outlook')).toEqual(['Use o portal para trocar a senha do E-mail.']);
    // Before: "sua conta do **E-mail** está bloqueada".
    expect(await c.texts('minha conta ta bloqueada')).toEqual(['Sua conta está bloqueada; abra um chamado.']);
    expect(lastTurn(await c.events())).toContain('slot:sistema=null');
    // The same dialogue asked anew starts clean too.
    expect(await c.texts('esqueci a senha do SAP')).toEqual(['Use o portal para trocar a senha do SAP.']);
    expect(await c.texts('quero trocar minha senha')).toEqual(['Use o portal para trocar a senha.']);
  });

  it('never leaves a broken sentence for an unset context (UX review: "Olá !")', async () => {
    const c = chat();
    expect(await c.texts('oi')).toEqual(['Olá!']);
    await test.app.inject({ method: 'POST', url: `/conversations/${c.sender}/tracker/events?token=${token}`, payload: { event: 'slot', name: 'nome', value: 'Ana' } });
    expect(await c.texts('oi')).toEqual(['Olá Ana!']);
  });

  it('keeps a session context for the session only, a conversation context across sessions', async () => {
    const c = chat();
    await c.say('abrir chamado');
    await c.say('impressora');
    await c.say('cancelar');
    await c.say('abrir chamado');
    await c.say('computador');
    await c.say('não liga');
    await c.say('sim');
    await test.app.inject({ method: 'POST', url: `/conversations/${c.sender}/tracker/events?token=${token}`, payload: { event: 'slot', name: 'nome', value: 'Ana' } });
    expect((await c.slots())['equipamento']).toBe('computador');
    // A new session: its first events are the session start, then only the conversation's slots.
    const events = await c.events();
    const last = events.at(-1) as TrackerEvent;
    await test.platform.store.conversations.append(assistant.id, c.sender, [{ event: 'user', timestamp: last.timestamp - 7200, text: 'x' }]);
    const engine = new (await import('../src/engine/engine.js')).Engine({
      store: test.platform.store,
      registry: test.platform.registry,
      lock: test.platform.lock,
      sessionExpirationSeconds: 60,
      now: () => last.timestamp + 3600,
    });
    await engine.handle({ assistantId: assistant.id, sender: c.sender, text: 'oi', inputChannel: 'rest', metadata: {} });
    const slots = await c.slots();
    expect([slots['nome'], slots['equipamento'], slots['descricao']]).toEqual(['Ana', null, null]);
  });

  it('lets the conversations API set the loop and its slots, and keeps a value set from outside for the next dialogue', async () => {
    const c = chat();
    // 4biz starts the form itself, as a Rasa client can.
    const posted = await test.app.inject({
      method: 'POST',
      url: `/conversations/${c.sender}/tracker/events?token=${token}`,
      payload: [
        { event: 'slot', name: 'equipamento', value: 'monitor' },
        { event: 'active_loop', name: 'chamado' },
        { event: 'slot', name: 'requested_slot', value: 'descricao' },
      ],
    });
    expect(posted.statusCode).toBe(200);
    expect((posted.json() as { active_loop: Record<string, unknown> }).active_loop).toMatchObject({ name: 'chamado', is_interrupted: false, rejected: false });
    expect(await c.texts('pisca sem parar')).toEqual(['Confirma: monitor / pisca sem parar?']);
    await c.say('cancelar');

    // A dialogue-lifetime value set from outside reaches the dialogue triggered next (4biz's initial action).
    const d = chat();
    await test.app.inject({ method: 'POST', url: `/conversations/${d.sender}/tracker/events?token=${token}`, payload: { event: 'slot', name: 'cliente', value: 'ACME' } });
    const triggered = await test.app.inject({ method: 'POST', url: `/conversations/${d.sender}/trigger_intent?token=${token}`, payload: { name: 'atender_cliente' } });
    expect((triggered.json() as { messages: RestMessage[] }).messages.map((message) => message.text)).toEqual(['Atendendo ACME.']);
    // …and is forgotten when another dialogue starts.
    await d.say('qual o horário de atendimento');
    expect((await d.slots())['cliente']).toBeNull();
    // A dialogue whose context nothing asks for stops when it is missing.
    expect(await d.texts('novo atendimento')).toEqual(['Não consigo continuar sem cliente. Fale com um atendente ou tente de novo mais tarde.']);
  });
});

describe('the demo assistants: "registrar chamado", and greetings with and without a name', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ demo: true });
  });
  afterAll(async () => {
    await test?.close();
  });

  async function talk(language: 'pt' | 'en', sender: string, messages: string[]): Promise<string[][]> {
    const assistant = await test.platform.store.assistants.get('demo', language);
    if (!assistant) throw new Error('no demo assistant');
    const replies: string[][] = [];
    for (const text of messages) {
      const answer = await test.platform.engine.handle({ assistantId: assistant.id, sender, text, inputChannel: 'rest', metadata: {} });
      replies.push(answer.map((message) => `${message.text ?? ''}${message.buttons ? ` [${message.buttons.map((button) => button.title).join(' | ')}]` : ''}`));
    }
    return replies;
  }

  it('asks the equipment with buttons and a description, confirms, changes, and gives a demo ticket number (pt)', async () => {
    const replies = await talk('pt', 'demo-pt', ['oi', 'quero abrir um chamado', 'impressora', 'não imprime nada', 'não', 'corrigir equipamento', 'monitor', 'sim']);
    expect(replies.slice(0, 4)).toEqual([
      [expect.stringMatching(/^(Olá|Oi)! /)],
      ['Qual equipamento está com problema? (Para desistir a qualquer momento, digite cancelar.) [Impressora | Computador | Monitor | Outro]'],
      ['Certo, impressora. Descreva o problema em poucas palavras, por favor.'],
      ['Confira o chamado:\n• Equipamento: impressora\n• Descrição: não imprime nada\nPosso registrar? [Sim | Não]'],
    ]);
    expect(replies[4]).toEqual(['O que você quer corrigir? [Equipamento | Descrição | Cancelar]']);
    expect(replies[6]).toEqual(['Confira o chamado:\n• Equipamento: monitor\n• Descrição: não imprime nada\nPosso registrar? [Sim | Não]']);
    expect(replies[7]?.[0]).toMatch(/^Pronto! Registrei o chamado DEMO-\d{6} \(monitor\) em \d{1,2} de \S+ de \d{4}\. /);
  });

  it('answers a question asked instead of the description and asks again; a description naming a problem stays the description', async () => {
    const replies = await talk('pt', 'demo-digress', ['quero abrir um chamado', 'impressora', 'que horas vocês abrem?', 'a impressora não imprime']);
    expect(replies[2]).toEqual([expect.stringMatching(/^O service desk atende de segunda a sexta/), 'Certo, impressora. Descreva o problema em poucas palavras, por favor.']);
    expect(replies[3]).toEqual(['Confira o chamado:\n• Equipamento: impressora\n• Descrição: a impressora não imprime\nPosso registrar? [Sim | Não]']);
    // Asking for a person there hands off, keeping what was said.
    const handoff = await talk('pt', 'demo-digress-person', ['quero abrir um chamado', 'computador', 'quero falar com um atendente']);
    expect(handoff[2]?.[0]).toBe('Certo! Vou transferir você para um de nossos atendentes.');
    expect(handoff[2]?.join(' ')).not.toMatch(/Descreva/);
  });

  it('takes a new equipment said with "na verdade é o…" while the description is asked as a change, and asks the description again; a description naming an equipment stays the description (pt and en)', async () => {
    const pt = await talk('pt', 'demo-correct', ['abrir chamado', 'impressora', 'na verdade é o computador']);
    expect(pt[2]).toEqual(['Certo, computador. Descreva o problema em poucas palavras, por favor.']);
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const tracker = await test.platform.conversations.tracker(assistant, 'demo-correct');
    expect([tracker.slots['equipamento'], tracker.slots['descricao'], tracker.slots['requested_slot']]).toEqual(['computador', null, 'descricao']);
    expect((await talk('pt', 'demo-correct', ['não liga']))[0]).toEqual(['Confira o chamado:\n• Equipamento: computador\n• Descrição: não liga\nPosso registrar? [Sim | Não]']);
    const english = await talk('en', 'demo-correct-en', ['open a ticket', 'printer', "actually it's the computer"]);
    expect(english[2]).toEqual(['All right, computer. Please describe the problem in a few words.']);
    // A description that merely mentions an equipment is the description.
    const long = await talk('pt', 'demo-correct-long', ['abrir chamado', 'impressora', 'a impressora do computador não liga']);
    expect(long[2]?.[0]).toMatch(/^Confira o chamado:\n• Equipamento: \S+\n• Descrição: a impressora do computador não liga\n/);
    const longer = await talk('pt', 'demo-correct-longer', ['abrir chamado', 'impressora', 'na verdade o computador desliga sozinho toda vez que imprimo']);
    expect(longer[2]?.[0]).toMatch(/• Descrição: na verdade o computador desliga sozinho toda vez que imprimo\n/);
  });

  it('takes a short description holding a cancel word as the description, and still leaves on the cancel phrase itself (pt and en)', async () => {
    const pt = await talk('pt', 'demo-exit-word', ['abrir chamado', 'computador', 'botão sair travado']);
    expect(pt[2]).toEqual(['Confira o chamado:\n• Equipamento: computador\n• Descrição: botão sair travado\nPosso registrar? [Sim | Não]']);
    const english = await talk('en', 'demo-exit-word-en', ['open a ticket', 'computer', 'stop button is broken']);
    expect(english[2]).toEqual(['Please check the ticket:\n• Device: computer\n• Description: stop button is broken\nShall I log it? [Yes | No]']);
    for (const [index, leave] of ['cancela', 'deixa pra lá', 'não quero mais, obrigado', 'cancelar o chamado'].entries()) {
      const replies = await talk('pt', `demo-exit-${index}`, ['abrir chamado', 'computador', leave]);
      expect(replies[2], leave).toEqual(['Tudo bem, não registrei o chamado. Se precisar, é só pedir de novo.']);
      const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
      const tracker = await test.platform.conversations.tracker(assistant, `demo-exit-${index}`);
      expect(tracker.active_loop).toEqual({});
    }
    for (const [index, leave] of ['cancel please', 'stop'].entries()) {
      const replies = await talk('en', `demo-exit-en-${index}`, ['open a ticket', 'computer', leave]);
      expect(replies[2], leave).toEqual(["All right, I didn't log the ticket. Just ask again whenever you need."]);
    }
  });

  it('answers the follow-up of a question asked in the middle ("tchau" → rating → "Sim"), then asks the ticket’s question again; at the confirmation the rating’s "não" is not the confirmation’s', async () => {
    const equipment = 'Qual equipamento está com problema? (Para desistir a qualquer momento, digite cancelar.) [Impressora | Computador | Monitor | Outro]';
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const replies = await talk('pt', 'demo-side-rating', ['abrir chamado', 'tchau']);
    // A write from outside (the conversations API): the next turn reads the state anew from the store's events.
    await test.platform.conversations.appendEvents(assistant, 'demo-side-rating', [{ event: 'slot', timestamp: Date.now() / 1000, name: 'nome', value: 'Ana' }]);
    replies.push(...(await talk('pt', 'demo-side-rating', ['Sim', 'impressora'])));
    expect(replies[0]).toEqual([equipment]);
    // The rating question ends the answer: the ticket's question waits for its reply.
    expect(replies[1]).toEqual(['Você poderia avaliar o meu atendimento? [Sim | Não]']);
    expect(replies[2]).toEqual(['Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.', equipment]);
    expect(replies[3]).toEqual(['Certo, impressora. Descreva o problema em poucas palavras, por favor.']);
    const tracker = await test.platform.conversations.tracker(assistant, 'demo-side-rating');
    expect(tracker.active_loop).toMatchObject({ name: 'chamado', is_interrupted: true, rejected: false });
    expect(tracker.slots['requested_slot']).toBe('descricao');

    const confirm = await talk('pt', 'demo-side-confirm', ['abrir chamado', 'monitor', 'a tela pisca', 'quero avaliar o atendimento', 'não']);
    const summary = 'Confira o chamado:\n• Equipamento: monitor\n• Descrição: a tela pisca\nPosso registrar? [Sim | Não]';
    expect(confirm[2]).toEqual([summary]);
    expect(confirm[3]).toEqual(['Você poderia avaliar o meu atendimento? [Sim | Não]']);
    expect(confirm[4]).toEqual(['Sem problemas, obrigado pelo contato! Se precisar, é só chamar.', summary]);
    const [done] = await talk('pt', 'demo-side-confirm', ['sim']);
    expect(done?.[0]).toMatch(/^Pronto! Registrei o chamado DEMO-\d{6} \(monitor\)/);
  });

  it('ends a dialogue that asks when the conversation opens again (Telegram\'s /start read as "oi"), and answers the opening', async () => {
    await talk('pt', 'demo-reopen', ['quero abrir um chamado', 'impressora']);
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const answer = await test.platform.engine.handle({ assistantId: assistant.id, sender: 'demo-reopen', text: '/start', understoodAs: 'oi', inputChannel: 'telegram', metadata: {} });
    expect(answer[0]?.text).toMatch(/^(Olá|Oi)! /);
    const tracker = await test.platform.conversations.tracker(assistant, 'demo-reopen');
    expect(tracker.active_loop).toEqual({});
    expect(tracker.slots['descricao']).toBeNull();
  });

  it('ends a dialogue that asks when the opening is answered by the greeting setting (/start over REST), and the next message is read anew', async () => {
    await talk('pt', 'demo-reopen-greeting', ['quero abrir um chamado', 'impressora']);
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    await test.platform.store.assistants.updateSettings(assistant.id, { greeting: 'Bem-vindo ao service desk!' });
    test.platform.hosts.invalidate();
    try {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'demopt.helperassistant.example' }, payload: { sender: 'demo-reopen-greeting', message: '/start' } });
      expect(response.json()).toEqual([{ recipient_id: 'demo-reopen-greeting', text: 'Bem-vindo ao service desk!' }]);
      const tracker = await test.platform.conversations.tracker(assistant, 'demo-reopen-greeting');
      expect(tracker.active_loop).toEqual({});
      expect(tracker.slots['requested_slot']).toBeNull();
      // "que horas vocês abrem?" is a question again, not the ticket's description.
      const next = await talk('pt', 'demo-reopen-greeting', ['que horas vocês abrem?']);
      expect(next[0]?.[0]).toMatch(/^O service desk atende de segunda a sexta/);
    } finally {
      await test.platform.store.assistants.updateSettings(assistant.id, { greeting: '' });
      test.platform.hosts.invalidate();
    }
  });

  it('leaves the flow on "cancelar", and greets by name only when it knows it (pt and en)', async () => {
    expect(await talk('pt', 'demo-cancel', ['abrir chamado', 'cancelar'])).toEqual([
      [expect.stringMatching(/^Qual equipamento/)],
      ['Tudo bem, não registrei o chamado. Se precisar, é só pedir de novo.'],
    ]);
    const [named] = await talk('pt', 'demo-name', ['meu nome é Maria']);
    expect(named).toEqual(['Prazer em conhecer você, Maria! Como posso ajudar?']);
    expect((await talk('pt', 'demo-name', ['oi']))[0]?.[0]).toMatch(/^(Olá|Oi), Maria! /);
    expect((await talk('en', 'demo-en', ['hi']))[0]?.[0]).toMatch(/^(Hello|Hi)! /);
    const english = await talk('en', 'demo-en', ['open a ticket', 'printer', 'it does not print', 'yes']);
    expect(english[0]).toEqual(['Which device has the problem? (To give up at any time, type cancel.) [Printer | Computer | Monitor | Other]']);
    expect(english[2]).toEqual(['Please check the ticket:\n• Device: printer\n• Description: it does not print\nShall I log it? [Yes | No]']);
    expect(english[3]?.[0]).toMatch(/^Done! I logged ticket DEMO-\d{6} \(printer\) on [A-Z][a-z]+ \d{1,2}, \d{4}\. /);
  });
});
