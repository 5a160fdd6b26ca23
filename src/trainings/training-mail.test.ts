import { describe, expect, it } from 'vitest';
import type { AssistantRecord, TrainingRecord } from '../store/store.js';
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
  problems: [
    { level: 'error', message: 'intent "oi" has no phrases' },
    { level: 'warning', message: 'intent "tchau" has 2 different phrases; an intent needs at least 4' },
  ],
  claimedBy: 'p',
};

describe('training e-mails', () => {
  it('say why a training failed, in the assistant language', () => {
    const pt = trainingMail(assistant('pt'), training, 'failed');
    expect(pt.subject).toBe('[Helper Assistant] Treinamento falhou: ACME (acme/pt)');
    expect(pt.text).toMatch(/Motivos:\n- intent "oi" has no phrases/);
    expect(pt.text).toMatch(/O modelo anterior, se houver, continua respondendo/);
    expect(trainingMail(assistant('es'), training, 'failed').subject).toMatch(/El entrenamiento falló/);
    expect(trainingMail(assistant('fr'), training, 'failed').subject).toMatch(/Training failed/);
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
