// GET /media/<file>: uploaded images, public (a channel's user fetches them), on every host —
// the URLs the upload answers use the assistant's host. Names are content hashes, so the
// answers can be cached for good.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { RasaHttpError } from '../server/rasa-error.js';
import { contentTypeOf } from './image-type.js';
import type { MediaStore } from './media-store.js';

export function registerMediaRoute(app: FastifyInstance, media: MediaStore): void {
  app.get<{ Params: { file: string } }>(
    '/media/:file',
    { schema: { hide: true, params: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] } } },
    async (request, reply) => {
      const path = media.pathOf(request.params.file);
      const size = path === undefined ? undefined : await stat(path).then((found) => found.size, () => undefined);
      if (path === undefined || size === undefined) throw new RasaHttpError(404, 'NotFound', 'no such media file');
      const extension = request.params.file.split('.').pop() ?? '';
      const etag = `"${request.params.file.slice(0, 64)}"`;
      reply
        .header('content-type', contentTypeOf(extension) ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      reply.header('content-length', size);
      return reply.send(createReadStream(path));
    },
  );
}
