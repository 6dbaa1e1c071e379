// Helpers shared by the simulator's route files.
import type { FastifyReply } from 'fastify';
import type { OperationId } from '../partner-api/operations.js';

/** Every Partner API route declares the operation it serves; the journal and auth read it from here. */
declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: OperationId;
    access?: 'read' | 'write';
  }
}

/** Sends the documented error body `{code, description}`. */
export function sendError(reply: FastifyReply, status: number, code: string, description: string): FastifyReply {
  return reply.code(status).send({ code, description });
}

/** Parses a `{domainId}` path parameter; undefined when it is not a positive integer. */
export function parseDomainId(raw: unknown): number | undefined {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
