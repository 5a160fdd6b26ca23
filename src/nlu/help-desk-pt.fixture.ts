// A small Portuguese help-desk assistant (five intents of ten phrases), the size of what an
// administrator builds on day one. Shared by this folder's tests.
import type { Intent } from '../assistant/content.js';
import type { NluTrainingData } from './types.js';

function intent(name: string, phrases: string[]): Intent {
  return { name, phrases: phrases.map((text) => ({ text })) };
}

export const HELP_DESK_INTENTS: Intent[] = [
  intent('saudacao', [
    'oi',
    'olá',
    'bom dia',
    'boa tarde',
    'boa noite',
    'oi, tudo bem?',
    'olá, como vai?',
    'e aí',
    'oi, preciso de ajuda',
    'bom dia, tudo bem com você?',
  ]),
  intent('despedida', [
    'tchau',
    'até logo',
    'até mais',
    'até amanhã',
    'falou, tchau',
    'adeus',
    'tenho que ir, tchau',
    'até a próxima',
    'valeu, até mais',
    'nos vemos depois',
  ]),
  intent('agradecimento', [
    'obrigado',
    'obrigada',
    'muito obrigado',
    'valeu',
    'agradeço a ajuda',
    'obrigado pela ajuda',
    'muito obrigada pelo atendimento',
    'brigado',
    'valeu pela força',
    'agradecido',
  ]),
  intent('redefinir_senha', [
    'esqueci minha senha',
    'quero trocar minha senha',
    'preciso redefinir a senha',
    'minha senha expirou',
    'não consigo entrar no sistema',
    'como faço para mudar a senha?',
    'minha senha está bloqueada',
    'não lembro a senha do e-mail',
    'resetar senha',
    'não consigo fazer login',
  ]),
  intent('problema_impressora', [
    'a impressora não imprime',
    'minha impressora está com problema',
    'a impressora travou',
    'o papel enroscou na impressora',
    'não consigo imprimir',
    'impressora sem toner',
    'a impressora está offline',
    'erro ao imprimir documento',
    'a impressão sai borrada',
    'impressora não liga',
  ]),
];

export const HELP_DESK: NluTrainingData = { language: 'pt', intents: HELP_DESK_INTENTS, contexts: [], regexes: [] };
