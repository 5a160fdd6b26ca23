import { describe, expect, it } from 'vitest';
import type { AssistantRecord, TrainingRecord } from '../store/store.js';
import { codeTrainingNotice } from './training-notices.js';
import { trainingMail } from './training-mail.js';

const assistant = (language: string): AssistantRecord => ({
  id: 1,
  serverId: 1,
  serverName: 'acme',
  language,
  name: 'ACME',
  enabled: true,
  settings: { accuracyThreshold: 0.2, notificationEmails: ['ana@acme.example'] },
  createdAt: 0,
  apiAllowedCidrs: [],
});

const training: TrainingRecord = {
  id: 7,
  assistantId: 1,
  scope: 'complete',
  status: 'failed',
  requestedBy: 'operator',
  createdAt: 100,
  scheduledFor: 100,
  startedAt: 100,
  finishedAt: 102.5,
  heartbeatAt: 102,
  progress: 40,
  phase: null,
  modelVersion: 4,
  modelId: 'm',
  // As the training service stores them: the producer's English text and its code.
  problems: [
    { level: 'error', message: 'intent "oi" has no phrases', ...codeTrainingNotice('intent "oi" has no phrases', 'error') },
    { level: 'warning', message: 'intent "tchau" has 2 different phrases; an intent needs at least 4 to be recognised', ...codeTrainingNotice('intent "tchau" has 2 different phrases; an intent needs at least 4 to be recognised', 'warning') },
  ],
  claimedBy: 'p',
};

describe('training e-mails', () => {
  it('say why a training failed, in the assistant language', () => {
    const pt = trainingMail(assistant('pt'), training, 'failed');
    expect(pt.subject).toBe('[Helper Assistant] Treinamento falhou: ACME (acme/pt)');
    expect(pt.text).toMatch(/Motivos:\n- A intent “oi” não tem frases\.\n/);
    expect(pt.text).toMatch(/O modelo anterior, se houver, continua respondendo/);
    expect(trainingMail(assistant('es'), training, 'failed').subject).toMatch(/El entrenamiento falló/);
    expect(trainingMail(assistant('fr'), training, 'failed').subject).toMatch(/Training failed/);
  });

  it('word the reasons and warnings as the console does, in Portuguese and Spanish; English and other languages keep the English text', () => {
    const es = trainingMail(assistant('es'), training, 'failed').text;
    expect(es).toMatch(/Motivos:\n- La intent “oi” no tiene frases\.\n/);
    const ptSucceeded = trainingMail(assistant('pt-BR'), { ...training, status: 'succeeded' }, 'succeeded').text;
    expect(ptSucceeded).toMatch(/Avisos \(o treinamento continuou\):\n- A intent “tchau” tem só 2 frase\(s\) diferente\(s\); são precisas pelo menos 4/);
    expect(trainingMail(assistant('fr'), training, 'failed').text).toMatch(/Reasons:\n- intent "oi" has no phrases\n/);
    // Without a code (records from before codes), with a generic one, or an item's: the English text or the item named.
    const uncoded = { ...training, problems: [{ level: 'error' as const, message: 'intent "x" is odd' }, { level: 'error' as const, message: 'the trainer said no', code: 'training_problem' }] };
    expect(trainingMail(assistant('pt'), uncoded, 'failed').text).toMatch(/Motivos:\n- intent "x" is odd\n- the trainer said no\n/);
    const item = { ...training, problems: [{ level: 'warning' as const, message: 'x', code: 'context_never_filled', params: { context: 'cpf' }, item: { list: 'dialogues' as const, name: 'abrir chamado', field: 'slots' } }] };
    expect(trainingMail(assistant('pt'), { ...item, status: 'succeeded' }, 'succeeded').text).toMatch(/- Diálogo “abrir chamado”: Nada preenche o contexto “cpf”: inclua uma pergunta\./);
  });

  it("say a training that failed unexpectedly (`internal`) in the training's own words, in every language", () => {
    const failed = { ...training, problems: [{ level: 'error' as const, message: 'unexpected error (the server log has its cause)', code: 'internal' }] };
    expect(trainingMail(assistant('pt'), failed, 'failed').text).toMatch(/Motivos:\n- O treinamento falhou por um erro interno, não por causa do conteúdo\. Treine de novo; se voltar a falhar, quem administra o servidor encontra a causa no log\.\n/);
    expect(trainingMail(assistant('es'), failed, 'failed').text).toMatch(/Motivos:\n- El entrenamiento falló por un error interno, no por el contenido\. Entrene de nuevo; .*\n/);
    for (const language of ['en', 'fr']) {
      expect(trainingMail(assistant(language), failed, 'failed').text).toMatch(/Reasons:\n- The training failed on an internal error, not because of the content\. Train again; .*\n/);
    }
    for (const language of ['pt', 'es', 'en']) expect(trainingMail(assistant(language), failed, 'failed').text).not.toMatch(/unexpected error|servidor não conseguiu|servidor no pudo|could not answer now/);
  });

  it('give the version, the duration and the warnings of a success', () => {
    const en = trainingMail(assistant('en'), { ...training, status: 'succeeded' }, 'succeeded');
    expect(en.text).toMatch(/version 4 is answering now \(duration: 2\.5 s\)/);
    expect(en.text).toMatch(/Warnings \(the training went on\):\n- intent "tchau"/);
    expect(en.text).not.toMatch(/has no phrases/);
    expect(trainingMail(assistant('pt'), training, 'started').text).toMatch(/O treinamento começou\./);
  });

  it('say who asked in words when the platform itself did, and a login as it is', () => {
    expect(trainingMail(assistant('pt'), training, 'started').text).toMatch(/Solicitado por: token de administração\n$/);
    expect(trainingMail(assistant('en'), { ...training, requestedBy: 'first-start' }, 'started').text).toMatch(/Requested by: first start\n$/);
    expect(trainingMail(assistant('es'), { ...training, requestedBy: 'ana' }, 'started').text).toMatch(/Solicitado por: ana\n$/);
  });
});
