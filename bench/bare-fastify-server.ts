// The baseline of `npm run bench`: a bare Fastify JSON route taking the same request and answering
// a REST-shaped array, with no engine, store or NLU behind it.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post<{ Body: { sender?: string; message: string } }>('/webhooks/rest/webhook', async (request) => [
  { recipient_id: request.body.sender ?? 'default', text: `echo: ${request.body.message}` },
]);
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${address}\n`);
