// An assistant whose "consultar pedido" runs a custom action that takes as long as a test wants:
// a turn that outlasts HELPER_WEBHOOK_ACK_MS on the push channels (test/webhook-deadline*.test.ts,
// the crash scenarios). The action is served by test/helpers/fake-action-server.ts.
import { emptyContent, type AssistantContent } from '../../src/assistant/content.js';
import { utterMessage, type FakeActionServer } from './fake-action-server.js';

/** What the slow action answers. */
export const SLOW_ORDER_ANSWER = 'Seu pedido saiu para entrega.';

/** The intent, the action skill and the dialogue of the slow order lookup (to add to any content). */
export function slowOrderItems(): Pick<AssistantContent, 'intents' | 'skills' | 'dialogues'> {
  return {
    intents: [{ name: 'consultar_pedido', phrases: ['consultar pedido', 'onde está meu pedido', 'status do pedido', 'meu pedido chegou', 'quero saber do meu pedido'].map((text) => ({ text })) }],
    skills: [{ name: 'pedido', fallback: false, kind: 'action', action: 'action_slow_order', texts: ['O serviço de pedidos está indisponível agora.'] }],
    dialogues: [{ name: 'pedido', intents: ['consultar_pedido'], skill: 'pedido' }],
  };
}

/** A greeting ("Olá!"), the slow order lookup and a fallback. */
export function slowOrderContent(): AssistantContent {
  const order = slowOrderItems();
  return {
    ...emptyContent(),
    intents: [{ name: 'cumprimentar', phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí', 'oi tudo bem'].map((text) => ({ text })) }, ...order.intents],
    skills: [{ name: 'ola', fallback: false, kind: 'text', texts: ['Olá!'] }, ...order.skills, { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi.'] }],
    dialogues: [{ name: 'ola', intents: ['cumprimentar'], skill: 'ola' }, ...order.dialogues],
  };
}

/** Makes the action server answer the order lookup after `ms`. */
export function serveSlowOrder(actions: FakeActionServer, ms: number): void {
  actions.actions.set('action_slow_order', () => new Promise((resolve) => setTimeout(() => resolve({ responses: [utterMessage({ text: SLOW_ORDER_ANSWER })] }), ms)));
}
