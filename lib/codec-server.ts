// A codec server (Temporal's HTTP protocol: POST /encode and /decode with proto3-JSON payloads) so the Web UI and
// the Temporal CLI can show, and encode, payloads that our AES-GCM codec encrypts. It holds the key: serve it on
// loopback (npm start does) or behind your own authentication.
import fastify, { type FastifyInstance } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const Payloads = proto.temporal.api.common.v1.Payloads;

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origin of the Web UI allowed to call it (CORS), e.g. http://localhost:8233. */
  allowedOrigin: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export async function startCodecServer(options: CodecServerOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  const cors = {
    'access-control-allow-origin': options.allowedOrigin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'x-namespace, content-type, authorization',
  };
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(cors);
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());

  for (const action of ['encode', 'decode'] as const) {
    const handler = async (request: { body: unknown }, reply: { code: (n: number) => { send: (b: unknown) => unknown } }) => {
      let payloads: Payload[];
      try {
        payloads = Payloads.fromObject(request.body as object).payloads as Payload[];
      } catch (err) {
        return reply.code(400).send({ message: `body must be {"payloads": [...]} in proto3 JSON: ${(err as Error).message}` });
      }
      try {
        const converted = await (action === 'encode' ? options.codec.encode(payloads) : options.codec.decode(payloads));
        return Payloads.toObject(Payloads.create({ payloads: converted }), { bytes: String });
      } catch (err) {
        return reply.code(400).send({ message: `could not ${action}: ${(err as Error).message}` });
      }
    };
    // `/{namespace}/decode` too, for the CLI's --codec-endpoint templating.
    app.post(`/${action}`, handler);
    app.post(`/:namespace/${action}`, handler);
  }
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { app, url };
}
