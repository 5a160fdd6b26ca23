// What the serving model's training found by cross-validating the assistant's own phrases
// (src/nlu/cross-validate.ts): what each accuracy threshold would have done to them — the
// Configurações guidance — and the intents whose phrases overlap, with the phrases that cause it —
// shown on the intent page. Read from the model version that serves, so it matches what answers.
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant } from '../admin-scope.js';

const percent = { type: 'number', minimum: 0, maximum: 100 } as const;

const reportSchema = {
  type: 'object',
  properties: {
    modelVersion: { type: 'integer' },
    crossValidated: { type: 'boolean', description: 'false for assistants too large to cross-validate at training, and models trained before it' },
    phrases: { type: 'integer', description: 'training phrases classified by a model trained without them' },
    thresholds: {
      type: 'array',
      items: {
        type: 'object',
        properties: { thresholdPercent: percent, answeredRightPercent: percent, answeredWrongPercent: percent, fellBackPercent: percent },
        required: ['thresholdPercent', 'answeredRightPercent', 'answeredWrongPercent', 'fellBackPercent'],
      },
    },
    conflicts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          intent: { type: 'string' },
          confusedWith: { type: 'string' },
          count: { type: 'integer' },
          of: { type: 'integer' },
          examples: {
            type: 'array',
            items: { type: 'object', properties: { phrase: { type: 'string' }, nearest: { type: 'string' } }, required: ['phrase', 'nearest'] },
          },
        },
        required: ['intent', 'confusedWith', 'count', 'of', 'examples'],
      },
    },
  },
  required: ['modelVersion', 'crossValidated', 'phrases', 'thresholds', 'conflicts'],
} as const;

const round = (share: number): number => Math.round(share * 1000) / 10;

export function registerNluReportRoute(scope: FastifyInstance, platform: Platform): void {
  scope.get<{ Params: { server: string; language: string } }>(
    '/servers/:server/assistants/:language/nlu-report',
    {
      schema: {
        summary: 'What cross-validating its phrases at training found: outcomes by threshold and overlapping intents',
        params: assistantParams,
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const model = (await platform.registry.get(assistant.id))?.model;
      if (!model) throw new AdminApiError(404, 'not_trained', `assistant ${assistant.serverName}/${assistant.language} has no trained model yet`);
      const report = model.interpreter.crossValidation;
      return {
        modelVersion: model.record.version,
        crossValidated: report !== undefined,
        phrases: report?.phrases ?? 0,
        thresholds: (report?.thresholds ?? []).map((outcome) => ({
          thresholdPercent: Math.round(outcome.threshold * 100),
          answeredRightPercent: round(outcome.answeredRight),
          answeredWrongPercent: round(outcome.answeredWrong),
          fellBackPercent: round(outcome.fellBack),
        })),
        conflicts: report?.conflicts ?? [],
      };
    },
  );
}
