// How a dialogue reads the answer to its question, through the REST channel of a real platform:
// findings of the review of Brazilian users' conversations ("não sei" stored as a description).
import { describe, expect, it } from 'vitest';
import { trainedRestAssistant } from './helpers/rest-assistant.js';

const ASSISTANT = `
version: 1
contexts:
  - name: equipamento
    type: text
    values:
      - value: impressora
        synonyms: [imp, printer]
      - computador
      - monitor
  - name: descricao
    type: text
  - name: urgente
    type: boolean
intents:
  - name: abrir_chamado
    phrases: [quero abrir um chamado, abrir chamado, abre um chamado pra mim, preciso registrar um chamado, registrar incidente, criar ticket]
  - name: horario
    phrases: [qual o horário de atendimento, que horas vocês abrem, horário do suporte, até que horas funciona, horario de atendimento]
skills:
  - name: perguntar_equipamento
    text: Qual equipamento?
  - name: perguntar_descricao
    text: Descreva o problema.
  - name: perguntar_urgente
    text: É urgente?
  - name: confirmar
    text: "Confirma: {equipamento} / {descricao} / urgente: {urgente}?"
  - name: registrado
    text: Chamado registrado.
  - name: informar_horario
    text: Atendemos das 8h às 18h.
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: chamado
    intent: abrir_chamado
    slots:
      - {context: equipamento, question: perguntar_equipamento}
      - {context: descricao, question: perguntar_descricao, label: descrição}
      - {context: urgente, question: perguntar_urgente}
    confirm: confirmar
    skill: registrado
  - {name: horario, intent: horario, skill: informar_horario}
`;

const NO_ANSWER = 'Preciso dessa informação para continuar: escreva com suas palavras o que você souber, ou diga "cancelar" para parar.';

describe('reading the answer to a question, over REST', () => {
  const { chat } = trainedRestAssistant(ASSISTANT, 'leitura');

  async function atDescription() {
    const say = chat();
    expect(await say('quero abrir um chamado')).toEqual(['Qual equipamento?']);
    expect(await say('impressora')).toEqual(['Descreva o problema.']);
    return say;
  }

  it('does not store "não sei" or a question back as the description: the question again, with a hint', async () => {
    for (const answer of ['não sei', 'sei lá', 'nao sei', 'não faço ideia', 'como assim?', 'o que é isso?', 'qual?']) {
      const say = await atDescription();
      expect(await say(answer), answer).toEqual([NO_ANSWER, 'Descreva o problema.']);
    }
  });

  it('asks which one when the answer names two equipments, and takes the one said then', async () => {
    const say = chat();
    await say('quero abrir um chamado');
    expect(await say('computador e monitor')).toEqual(['Só posso registrar um. Qual deles: computador ou monitor?', 'Qual equipamento?']);
    expect(await say('imp e o computador')).toEqual(['Só posso registrar um. Qual deles: impressora ou computador?', 'Qual equipamento?']);
    expect(await say('o monitor')).toEqual(['Descreva o problema.']);
    expect(await say('a tela pisca')).toEqual(['É urgente?']);
    expect(await say('não')).toEqual(['Confirma: monitor / a tela pisca / urgente: não?']);
  });

  it('reads "É urgente?" as the confirmation reads a yes or a no, not by the first "sim" or "não" said', async () => {
    const cases: Array<[string, string[]]> = [
      ['sim, mas pode esperar', ['Confirma: impressora / não liga / urgente: não?']],
      ['claro que não', ['Confirma: impressora / não liga / urgente: não?']],
      ['sim, mas rápido', ['Não entendi. Responda sim ou não, por favor.', 'É urgente?']],
      ['é urgente, sim', ['Confirma: impressora / não liga / urgente: sim?']],
      ['sim', ['Confirma: impressora / não liga / urgente: sim?']],
    ];
    for (const [answer, reply] of cases) {
      const say = await atDescription();
      expect(await say('não liga')).toEqual(['É urgente?']);
      expect(await say(answer), answer).toEqual(reply);
    }
  });

  it('keeps a description that merely holds those words', async () => {
    const say = await atDescription();
    expect(await say('não sei o que houve, a impressora parou de puxar papel')).toEqual(['É urgente?']);
    expect(await say('sim')).toEqual(['Confirma: impressora / não sei o que houve, a impressora parou de puxar papel / urgente: sim?']);
  });
});
