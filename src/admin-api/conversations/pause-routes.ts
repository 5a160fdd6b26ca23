// Admin routes that hand a conversation to a human and back (Rasa's pause and resume events).
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { assistantParams, errorResponses, findAssistant } from '../admin-scope.js';

export function registerPauseRoutes(scope: FastifyInstance, platform: Platform): void {
    for (const [verb, paused] of [
      ['pause', true],
      ['resume', false],
    ] as const) {
      scope.post<{ Params: { server: string; language: string; conversation: string } }>(
        `/servers/:server/assistants/:language/conversations/:conversation/${verb}`,
        {
          schema: {
            summary: paused ? 'A human takes the conversation over' : 'Give the conversation back to the assistant',
            params: { type: 'object', properties: { ...assistantParams.properties, conversation: { type: 'string', minLength: 1, maxLength: 256 } }, required: ['server', 'language', 'conversation'] },
            response: { 200: { type: 'object', properties: { conversation: { type: 'string' }, paused: { type: 'boolean' } } }, ...errorResponses },
          },
        },
        async (request) => {
          const assistant = await findAssistant(platform, request.params);
          // A resume ends an open handoff: resolved by the console user, or by the operator's token.
          const principal = request.principal;
          const by = principal?.kind === 'user' ? principal.login : 'api:operator';
          await platform.conversations.setPaused(assistant, request.params.conversation, paused, by);
          return { conversation: request.params.conversation, paused };
        },
      );
    }
}
