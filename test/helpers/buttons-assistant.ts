// The content the push channel tests talk to besides the demo assistant: answers with 3, 4, 11 and
// 25 buttons, a very long text, and a button whose payload is too long for the platform (the
// payload triggers `escolher` and fills the `produto` context, so its round trip shows).
import { emptyContent, type AssistantContent } from '../../src/assistant/content.js';

/** `count` buttons; the first title is longer than any platform's title limit. */
export const titles = (count: number): Array<{ title: string; payload: string }> =>
  Array.from({ length: count }, (_, index) => ({ title: index === 0 ? 'Uma opção com um título bem comprido' : `Opção ${index + 1}`, payload: `opcao_${index + 1}` }));

export const longText = Array.from({ length: 120 }, (_, index) => `Esta é a frase número ${index + 1} de uma resposta bem longa, com acentuação.`).join(' ');
export const LAST_SENTENCE = 'Esta é a frase número 120 de uma resposta bem longa, com acentuação.';

/** `/tres`, `/quatro`, `/onze`, `/vinte_e_cinco`, `/longo`, `/produtos` (whose first button carries `longPayload`), `oi`. */
export function buttonsAssistant(longPayload: string): AssistantContent {
  const intents = ['tres', 'quatro', 'onze', 'vinte_e_cinco', 'longo', 'produtos', 'escolher'];
  return {
    ...emptyContent(),
    contexts: [{ name: 'produto', type: 'text', values: [] }],
    intents: [
      { name: 'cumprimentar', phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí', 'oi tudo bem'].map((text) => ({ text })) },
      ...intents.map((name) => ({ name, phrases: [1, 2, 3, 4].map((n) => ({ text: `${name} exemplo ${n}` })) })),
    ],
    skills: [
      { name: 'ola', fallback: false, kind: 'text', texts: ['Olá da ACME!'] },
      { name: 'tres', fallback: false, kind: 'buttons', texts: ['Escolha uma de três:'], buttons: titles(3) },
      { name: 'quatro', fallback: false, kind: 'buttons', texts: ['Escolha uma de quatro:'], buttons: titles(4) },
      { name: 'onze', fallback: false, kind: 'buttons', texts: ['Escolha uma de onze:'], buttons: titles(11) },
      { name: 'vinte_e_cinco', fallback: false, kind: 'buttons', texts: ['Escolha uma de vinte e cinco:'], buttons: titles(25) },
      { name: 'longo', fallback: false, kind: 'text', texts: [longText] },
      { name: 'produtos', fallback: false, kind: 'buttons', texts: ['Qual produto?'], buttons: [{ title: 'A impressora grande', payload: longPayload }, { title: 'Nenhum', payload: 'nenhum' }] },
      { name: 'escolhido', fallback: false, kind: 'text', texts: ['Anotado: {produto}.'] },
      { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi. Digite menu.'] },
    ],
    dialogues: ['tres', 'quatro', 'onze', 'vinte_e_cinco', 'longo', 'produtos'].map((name) => ({ name, intents: [name], skill: name })).concat([
      { name: 'ola', intents: ['cumprimentar'], skill: 'ola' },
      { name: 'escolher', intents: ['escolher'], skill: 'escolhido' },
    ]),
  };
}
