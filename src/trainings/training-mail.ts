// The e-mails a training sends to the assistant's notification e-mails, in the assistant's
// language (pt, en, es; English for any other): started, succeeded (version, duration, warnings)
// and failed (every reason), the reasons and warnings worded as the console words them.
import type { AssistantRecord, TrainingRecord } from '../store/store.js';
import { problemSentence } from './problem-words.js';

export type TrainingEvent = 'started' | 'succeeded' | 'failed';

export interface TrainingMail {
  subject: string;
  text: string;
}

interface Words {
  scope: Record<TrainingRecord['scope'], string>;
  subject: Record<TrainingEvent, string>;
  started: string;
  succeeded: (version: string, seconds: string) => string;
  failed: string;
  warnings: string;
  reasons: string;
  previousServes: string;
  requestedBy: string;
  /** The platform's own requesters in words (a login stays as it is). */
  actors: Record<string, string>;
}

const WORDS: Record<'pt' | 'en' | 'es', Words> = {
  pt: {
    scope: { complete: 'completo', dialogues: 'diálogos', skills: 'habilidades', custom_skills: 'habilidades personalizadas' },
    subject: { started: 'Treinamento iniciado', succeeded: 'Treinamento concluído', failed: 'Treinamento falhou' },
    started: 'O treinamento começou.',
    succeeded: (version, seconds) => `O treinamento terminou com sucesso: a versão ${version} já está respondendo (duração: ${seconds} s).`,
    failed: 'O treinamento falhou.',
    warnings: 'Avisos (o treinamento continuou):',
    reasons: 'Motivos:',
    previousServes: 'O modelo anterior, se houver, continua respondendo.',
    requestedBy: 'Solicitado por',
    actors: { 'first-start': 'primeira inicialização', cli: 'linha de comando', operator: 'token de administração', system: 'sistema' },
  },
  en: {
    scope: { complete: 'complete', dialogues: 'dialogues', skills: 'skills', custom_skills: 'custom skills' },
    subject: { started: 'Training started', succeeded: 'Training succeeded', failed: 'Training failed' },
    started: 'The training started.',
    succeeded: (version, seconds) => `The training succeeded: version ${version} is answering now (duration: ${seconds} s).`,
    failed: 'The training failed.',
    warnings: 'Warnings (the training went on):',
    reasons: 'Reasons:',
    previousServes: 'The previous model, if any, keeps answering.',
    requestedBy: 'Requested by',
    actors: { 'first-start': 'first start', cli: 'command line', operator: 'admin token', system: 'system' },
  },
  es: {
    scope: { complete: 'completo', dialogues: 'diálogos', skills: 'habilidades', custom_skills: 'habilidades personalizadas' },
    subject: { started: 'Entrenamiento iniciado', succeeded: 'Entrenamiento concluido', failed: 'El entrenamiento falló' },
    started: 'El entrenamiento comenzó.',
    succeeded: (version, seconds) => `El entrenamiento terminó con éxito: la versión ${version} ya está respondiendo (duración: ${seconds} s).`,
    failed: 'El entrenamiento falló.',
    warnings: 'Avisos (el entrenamiento continuó):',
    reasons: 'Motivos:',
    previousServes: 'El modelo anterior, si lo hay, sigue respondiendo.',
    requestedBy: 'Solicitado por',
    actors: { 'first-start': 'primer inicio', cli: 'línea de comandos', operator: 'token de administración', system: 'sistema' },
  },
};

function wordsFor(language: string): Words {
  const base = language.toLowerCase().slice(0, 2);
  return base === 'pt' || base === 'es' ? WORDS[base] : WORDS.en;
}

export function trainingMail(assistant: AssistantRecord, training: TrainingRecord, event: TrainingEvent): TrainingMail {
  const words = wordsFor(assistant.language);
  const where = `${assistant.name} (${assistant.serverName}/${assistant.language})`;
  const lines = [`${where} — ${words.scope[training.scope]} (#${training.id})`, ''];
  if (event === 'started') lines.push(words.started);
  if (event === 'succeeded') {
    const seconds = training.startedAt !== null && training.finishedAt !== null ? (training.finishedAt - training.startedAt).toFixed(1) : '?';
    lines.push(words.succeeded(String(training.modelVersion ?? '?'), seconds));
    const warnings = training.problems.filter((problem) => problem.level === 'warning');
    if (warnings.length > 0) lines.push('', words.warnings, ...warnings.map((warning) => `- ${problemSentence(warning, assistant.language)}`));
  }
  if (event === 'failed') {
    const reasons = training.problems.filter((problem) => problem.level === 'error');
    lines.push(words.failed, '', words.reasons, ...reasons.map((reason) => `- ${problemSentence(reason, assistant.language)}`), '', words.previousServes);
  }
  lines.push('', `${words.requestedBy}: ${words.actors[training.requestedBy] ?? training.requestedBy}`);
  return { subject: `[Helper Assistant] ${words.subject[event]}: ${where}`, text: `${lines.join('\n')}\n` };
}
