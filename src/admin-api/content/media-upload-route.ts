// POST …/:language/media: an image for an image skill, uploaded as multipart/form-data (one file
// field). PNG, JPEG, GIF and WebP only, recognised by their bytes; at most HELPER_MEDIA_MAX_BYTES.
// Answers the public URL to put in the skill's `image`: on the assistant's host, so the channels'
// users fetch it from where the assistant answers. The host follows the rule of the Integrações
// addresses (src/server/public-addresses.ts): HELPER_PUBLIC_URL when set, otherwise the address
// the console was opened at (not HELPER_PUBLIC_URL's default, which names port 5005 whatever
// HELPER_PORT is).
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { MediaStore } from '../../media/media-store.js';
import { assistantOrigin, requestBase } from '../../server/public-addresses.js';
import { AdminApiError, assistantParams, errorResponses, findAssistant, invalidField } from '../admin-scope.js';

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE';
}

export async function registerMediaUploadRoute(scope: FastifyInstance, platform: Platform): Promise<void> {
  const media = new MediaStore(platform.config.media.directory);
  const maxBytes = platform.config.media.maxBytes;
  await scope.register(async (child) => {
    await child.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6 } });
    child.post<{ Params: { server: string; language: string } }>(
      '/servers/:server/assistants/:language/media',
      {
        schema: {
          summary: 'Upload an image (multipart/form-data, one file: PNG, JPEG, GIF or WebP) and get its public URL',
          description: `The largest accepted is HELPER_MEDIA_MAX_BYTES (${maxBytes} bytes here). The file is kept under HELPER_MEDIA_DIR with its SHA-256 as name and served at /media/<file>.`,
          tags: ['content'],
          params: assistantParams,
          consumes: ['multipart/form-data'],
          response: {
            201: {
              type: 'object',
              properties: {
                url: {
                  type: 'string',
                  description: "the absolute public URL, on the assistant's host (under HELPER_PUBLIC_URL when set, otherwise under the address the request was made at): put it in an image skill",
                },
                file: { type: 'string' },
                contentType: { type: 'string' },
                bytes: { type: 'integer' },
              },
              required: ['url', 'file', 'contentType', 'bytes'],
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const assistant = await findAssistant(platform, request.params);
        if (!request.isMultipart()) throw new AdminApiError(415, 'unsupported_media_type', 'send the image as multipart/form-data with one file field', 'file');
        let bytes: Buffer;
        try {
          const part = await request.file();
          if (part === undefined) throw invalidField('file', 'file_required', undefined, 'no file in the form; send one file field');
          bytes = await part.toBuffer();
        } catch (error: unknown) {
          if (isTooLarge(error)) throw new AdminApiError(413, 'too_large', `the image is larger than ${maxBytes} bytes (HELPER_MEDIA_MAX_BYTES)`, 'file');
          throw error;
        }
        const stored = await media.save(bytes);
        if (stored === undefined) throw new AdminApiError(415, 'unsupported_media_type', 'the file is not a PNG, JPEG, GIF or WebP image', 'file');
        const origin = assistantOrigin(await requestBase(platform.config, platform.hosts, request), assistant);
        reply.code(201);
        return { url: `${origin}/media/${stored.file}`, ...stored };
      },
    );
  });
}
