// A correction that names a new number at a dialogue's confirmation ("na verdade são 3", "não,
// são 3"), through the REST channel of a real platform: the number context
// changes and the confirmation comes again; a bare number is still no answer to the yes/no.
import { describe, expect, it } from 'vitest';
import { trainedRestAssistant } from './helpers/rest-assistant.js';

const ASSISTANT = `
version: 1
contexts:
  - name: sabor
    type: text
    values: [calabresa, mussarela]
  - name: quantidade
    type: float
    min: 1
    max: 10
intents:
  - name: pedir_pizza
    phrases: [quero uma pizza, pedir pizza, me vê uma pizza, quero pedir uma pizza, uma pizza por favor]
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, e aí]
skills:
  - name: perguntar_sabor
    text: Qual sabor?
  - name: perguntar_quantidade
    text: Quantas pizzas?
  - name: confirmar
    text: "Confirma: {sabor}, quantidade {quantidade:number}?"
  - name: pedido_feito
    text: OK {quantidade:number}.
  - name: ola
    text: Olá!
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: pizza
    intent: pedir_pizza
    slots:
      - {context: sabor, question: perguntar_sabor}
      - {context: quantidade, question: perguntar_quantidade}
    confirm: confirmar
    skill: pedido_feito
  - {name: oi, intent: cumprimentar, skill: ola}
`;

describe('a number corrected at the confirmation, over REST', () => {
  const { chat } = trainedRestAssistant(ASSISTANT, 'pizza');

  it('changes the number and confirms again; a bare number is not taken', async () => {
    const say = chat();
    await say('quero uma pizza');
    await say('calabresa');
    expect(await say('2')).toEqual(['Confirma: calabresa, quantidade 2?']);
    expect(await say('na verdade são 3')).toEqual(['Confirma: calabresa, quantidade 3?']);
    expect(await say('não, são 4')).toEqual(['Confirma: calabresa, quantidade 4?']);
    expect(await say('na verdade cinco pizzas')).toEqual(['Confirma: calabresa, quantidade 5?']);
    const bare = await say('7');
    expect(bare.at(-1)).toBe('Confirma: calabresa, quantidade 5?');
    expect(bare).toHaveLength(2);
    expect(await say('sim')).toEqual(['OK 5.']);
  });
});
