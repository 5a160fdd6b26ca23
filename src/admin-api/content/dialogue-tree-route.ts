// GET …/dialogues/tree: each theme's dialogues as a tree (./dialogue-tree.ts).
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';
import { dialogueTree } from './dialogue-tree.js';

const nodeSchema = {
  $id: 'DialogueNode',
  type: 'object',
  properties: {
    name: { type: 'string' },
    theme: { type: ['string', 'null'] },
    intents: { type: 'array', items: { type: 'string' } },
    skill: { type: 'string' },
    followUps: { type: 'array', items: { $ref: 'DialogueNode#' } },
  },
} as const;

export function registerDialogueTreeRoute(scope: FastifyInstance, platform: Platform): void {
  scope.addSchema(nodeSchema);
  scope.get<{ Params: { server: string; language: string } }>(
    '/servers/:server/assistants/:language/dialogues/tree',
    {
      schema: {
        summary: "Each theme's dialogues as a tree: root dialogues with their follow-ups nested",
        tags: ['content'],
        params: assistantParams,
        response: {
          200: {
            type: 'object',
            properties: {
              themes: {
                type: 'array',
                items: { type: 'object', properties: { theme: { type: ['string', 'null'] }, dialogues: { type: 'array', items: { $ref: 'DialogueNode#' } } } },
              },
              orphans: { type: 'array', description: 'follow-ups of a dialogue that does not exist', items: { $ref: 'DialogueNode#' } },
              cycles: { type: 'array', description: 'loops of follow-ups (they can never answer)', items: { type: 'array', items: { type: 'string' } } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const assistant = await findAssistant(platform, request.params);
      const content = await platform.store.content.load(assistant.id);
      return dialogueTree(content.dialogues, content.themes.map((theme) => theme.name));
    },
  );
}
