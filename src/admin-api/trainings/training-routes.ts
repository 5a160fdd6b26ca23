// Admin routes of Treinamentos: train now or at a time (scope complete | dialogues | skills |
// custom_skills), the history with the running training's progress, cancelling a scheduled one,
// and which model version serves (what the test chat shows). Trainings run through src/trainings.
import { diffContent } from '../../assistant/content-changes.js';
import { emptyContent } from '../../assistant/content.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform.js';
import type { TrainingRecord, TrainingScope } from '../../store/store.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';

/** How far ahead a training may be scheduled. */
const MAX_SCHEDULE_AHEAD_DAYS = 366;

const isoTime = { type: ['string', 'null'], description: 'ISO 8601 (UTC)' } as const;

export const trainingSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    scope: { type: 'string', enum: ['complete', 'dialogues', 'skills', 'custom_skills'] },
    status: { type: 'string', enum: ['scheduled', 'running', 'succeeded', 'failed', 'cancelled'] },
    requestedBy: { type: 'string' },
    createdAt: { type: 'string' },
    scheduledFor: { type: 'string' },
    startedAt: isoTime,
    finishedAt: isoTime,
    durationSeconds: { type: ['number', 'null'] },
    progress: { type: 'integer', description: '0–100; moves while running' },
    phase: { type: ['string', 'null'], description: 'what a running training is doing' },
    modelVersion: { type: ['integer', 'null'], description: 'the version it produced (or that failed)' },
    modelId: { type: ['string', 'null'] },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          level: { type: 'string', enum: ['error', 'warning'] },
          code: { type: 'string', description: 'stable (README "Error codes"); the English `message` is for people' },
          params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
          message: { type: 'string' },
          item: {
            type: 'object',
            description: 'the content item the problem is about (a flow check): its list, name and the field inside it',
            properties: { list: { type: 'string' }, name: { type: 'string' }, field: { type: 'string' } },
            required: ['list', 'name', 'field'],
          },
        },
        required: ['level', 'message'],
      },
    },
  },
  required: ['id', 'scope', 'status', 'requestedBy', 'createdAt', 'scheduledFor', 'progress', 'problems'],
} as const;

const trainingParams = {
  type: 'object',
  // Path and query values are text; ids are checked as digits, at most 9 (the id columns are 32-bit).
  properties: { server: { type: 'string', maxLength: 64 }, language: { type: 'string', maxLength: 16 }, id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
  required: ['server', 'language', 'id'],
} as const;

const iso = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

export function trainingView(training: TrainingRecord) {
  return {
    id: training.id,
    scope: training.scope,
    status: training.status,
    requestedBy: training.requestedBy,
    createdAt: iso(training.createdAt) ?? '',
    scheduledFor: iso(training.scheduledFor) ?? '',
    startedAt: iso(training.startedAt),
    finishedAt: iso(training.finishedAt),
    durationSeconds:
      training.startedAt !== null && training.finishedAt !== null ? Math.round((training.finishedAt - training.startedAt) * 1000) / 1000 : null,
    progress: training.progress,
    phase: training.phase,
    modelVersion: training.modelVersion,
    modelId: training.modelId,
    problems: training.problems,
  };
}

function requester(request: FastifyRequest): string {
  const principal = request.principal;
  return principal?.kind === 'user' ? principal.login : 'operator';
}

/** A time the admin chose: ISO 8601 with a time zone, in the future, within a year. */
function parseScheduledFor(text: string): number {
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) || Number.isNaN(time)) {
    throw invalidField('scheduledFor', 'not_date_time', undefined, 'scheduledFor must be a date and time in ISO 8601 with a time zone, e.g. 2030-01-31T22:00:00-03:00');
  }
  if (time <= Date.now()) throw invalidField('scheduledFor', 'in_the_past', undefined, `scheduledFor ${text} is in the past: choose a future date and time, or leave it out to train now`);
  if (time > Date.now() + MAX_SCHEDULE_AHEAD_DAYS * 86_400_000) {
    throw invalidField('scheduledFor', 'too_far_ahead', { days: MAX_SCHEDULE_AHEAD_DAYS }, `scheduledFor may be at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead`);
  }
  return time / 1000;
}

/** The changes since the live version listed by GET …/model (the count says how many in all). */
const MAX_CHANGES_SHOWN = 100;

export function registerTrainingRoutes(scope: FastifyInstance, platform: Platform): void {
  const base = '/servers/:server/assistants/:language';

  scope.post<{ Params: { server: string; language: string }; Body: { scope: TrainingScope; scheduledFor?: string } }>(
    `${base}/trainings`,
    {
      schema: {
        summary: 'Train now, or schedule a training',
        description:
          'scope: complete (the NLU is trained again and every part of the content is taken), dialogues (current dialogues and skills over the NLU of the newest ready version), skills (current skills; dialogues and NLU of the newest ready version), custom_skills (current custom skills — Personalizada and Ação customizada — each replacing its namesake; every other part from the newest ready version). Without scheduledFor the training starts at once (202, status running or, while another training of the assistant runs, scheduled); with it, it runs then (201), also after a restart.',
        params: assistantParams,
        body: {
          type: 'object',
          properties: {
            scope: { type: 'string', enum: ['complete', 'dialogues', 'skills', 'custom_skills'] },
            scheduledFor: { type: 'string', description: 'ISO 8601 with a time zone, in the future' },
          },
          required: ['scope'],
          additionalProperties: false,
        },
        response: { 201: trainingSchema, 202: trainingSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const assistant = await findAssistant(platform, request.params);
      const scheduledFor = request.body.scheduledFor === undefined ? undefined : parseScheduledFor(request.body.scheduledFor);
      const training = await platform.trainings.request(assistant, {
        scope: request.body.scope,
        requestedBy: requester(request),
        ...(scheduledFor === undefined ? {} : { scheduledFor }),
      });
      reply.code(scheduledFor === undefined ? 202 : 201);
      return trainingView(training);
    },
  );

  scope.get<{ Params: { server: string; language: string }; Querystring: { limit?: string } }>(
    `${base}/trainings`,
    {
      schema: {
        summary: 'The training history, newest first, with the running training and its progress',
        params: assistantParams,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'string', pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: 'how many, 1–500 (50)' } },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { running: { anyOf: [trainingSchema, { type: 'null' }] }, trainings: { type: 'array', items: trainingSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const trainings = await platform.store.trainings.list(assistant.id, { limit: Number(request.query.limit ?? 50) });
      const running = trainings.find((training) => training.status === 'running');
      return { running: running ? trainingView(running) : null, trainings: trainings.map(trainingView) };
    },
  );

  const findTraining = async (params: { server: string; language: string; id: string }): Promise<TrainingRecord> => {
    const assistant = await findAssistant(platform, params);
    const training = await platform.store.trainings.get(Number(params.id));
    if (!training || training.assistantId !== assistant.id) throw new AdminApiError(404, 'not_found', `training ${params.id} does not exist`);
    return training;
  };

  scope.get<{ Params: { server: string; language: string; id: string } }>(
    `${base}/trainings/:id`,
    { schema: { summary: 'One training', params: trainingParams, response: { 200: trainingSchema, ...errorResponses } } },
    async (request) => trainingView(await findTraining(request.params)),
  );

  scope.delete<{ Params: { server: string; language: string; id: string } }>(
    `${base}/trainings/:id`,
    { schema: { summary: 'Cancel a scheduled training', params: trainingParams, response: { 200: trainingSchema, ...errorResponses } } },
    async (request) => {
      const training = await findTraining(request.params);
      if (training.status !== 'scheduled') {
        throw new AdminApiError(409, 'conflict', `training ${training.id} is ${training.status}: only a scheduled training can be cancelled`);
      }
      return trainingView(await platform.store.trainings.cancel(training.id, Date.now() / 1000));
    },
  );

  scope.get<{ Params: { server: string; language: string } }>(
    `${base}/model`,
    {
      schema: {
        summary: 'The model version that answers now (what the test chat shows; nulls before the first training) and what the content changed since it was trained',
        params: assistantParams,
        response: {
          200: {
            type: 'object',
            properties: {
              version: { type: ['integer', 'null'] },
              modelId: { type: ['string', 'null'] },
              trainedAt: isoTime,
              changes: {
                type: 'array',
                description: `the items added, changed or removed since the version that answers was trained (the first ${MAX_CHANGES_SHOWN}); empty: the content is live`,
                items: {
                  type: 'object',
                  properties: { list: { type: 'string' }, name: { type: 'string' }, change: { type: 'string', enum: ['added', 'changed', 'removed'] } },
                  required: ['list', 'name', 'change'],
                },
              },
              changeCount: { type: 'integer' },
            },
            required: ['version', 'modelId', 'trainedAt', 'changes', 'changeCount'],
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const model = (await platform.registry.get(assistant.id))?.model;
      const record = model?.record;
      const changes = diffContent(model?.content ?? emptyContent(), await platform.store.content.load(assistant.id));
      return {
        version: record?.version ?? null,
        modelId: record?.modelId ?? null,
        trainedAt: iso(record?.finishedAt ?? null),
        changes: changes.slice(0, MAX_CHANGES_SHOWN),
        changeCount: changes.length,
      };
    },
  );
}
