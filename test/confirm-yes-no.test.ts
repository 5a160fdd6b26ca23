// Yes and no at a dialogue's confirmation and at a yes/no question, through the REST channel of a
// real platform: a "no" with words after its first ("claro que não") or a request to change
// ("pode mudar a descrição?") never registers the ticket, and "pode esperar" to "É urgente?" is a no.
import { describe, expect, it } from 'vitest';
import { trainedRestAssistant } from './helpers/rest-assistant.js';

const ASSISTANT = `
version: 1
contexts:
  - name: descricao
    type: text
  - name: urgente
    type: boolean
intents:
  - name: abrir_chamado
    phrases: [abrir chamado, quero abrir um chamado, registrar um chamado, preciso abrir um chamado, abre um chamado pra mim]
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, e aí, tá bom, tudo bom]
skills:
  - name: perguntar_descricao
    text: Descreva o problema.
  - name: perguntar_urgente
    text: É urgente?
  - name: confirmar
    text: "Posso registrar: {descricao}, urgente: {urgente}?"
  - name: registrado
    text: Chamado registrado.
  - name: ola
    text: Olá!
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: chamado
    intent: abrir_chamado
    slots:
      - {context: descricao, question: perguntar_descricao, label: descrição}
      - {context: urgente, question: perguntar_urgente}
    confirm: confirmar
    skill: registrado
  - {name: oi, intent: cumprimentar, skill: ola}
`;

describe('yes and no at a confirmation, over REST', () => {
  const { chat } = trainedRestAssistant(ASSISTANT, 'chamado');

  async function atConfirmation(say: (message: string) => Promise<Array<string | undefined>>): Promise<void> {
    await say('quero abrir um chamado');
    await say('a impressora não liga');
    const confirmation = await say('sim');
    expect(confirmation.at(-1)).toMatch(/^Posso registrar: a impressora não liga, urgente: /);
  }

  it('does not register on a "no" with more words, nor on a request to change', async () => {
    for (const answer of ['claro que não', 'certo que não', 'pode ser que não', 'isso não', 'pode mudar a data?', 'ok mas a data errada']) {
      const say = chat();
      await atConfirmation(say);
      const reply = await say(answer);
      expect(reply, answer).not.toContain('Chamado registrado.');
      expect(reply.at(-1), answer).toBe('O que você quer corrigir?');
    }
  });

  it('asks the description again on "pode mudar a descrição?"', async () => {
    const say = chat();
    await atConfirmation(say);
    expect(await say('pode mudar a descrição?')).toEqual(['Descreva o problema.']);
  });

  it('asks again, without registering, on a yes that says something more ("pode ser amanhã?"), or a longer reply', async () => {
    for (const answer of ['pode ser amanhã?', 'ok mas a data está errada']) {
      const say = chat();
      await atConfirmation(say);
      const reply = await say(answer);
      expect(reply, answer).not.toContain('Chamado registrado.');
      expect(reply.at(-1), answer).toMatch(/^Posso registrar/);
    }
  });

  it('registers on a plain yes, chat forms too ("tá bom", "👍", "siim")', async () => {
    for (const answer of ['tá bom', '👍', 'siim', 'sim, pode registrar']) {
      const say = chat();
      await atConfirmation(say);
      expect(await say(answer), answer).toEqual(['Chamado registrado.']);
    }
  });

  it('reads "pode esperar" to "É urgente?" as not urgent', async () => {
    const say = chat();
    await say('quero abrir um chamado');
    expect(await say('a impressora não liga')).toEqual(['É urgente?']);
    expect(await say('pode esperar')).toEqual(['Posso registrar: a impressora não liga, urgente: não?']);
  });
});
