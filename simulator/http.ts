// Helpers shared by the simulator's route files: the route table entry of an operation, the `{code, description}`
// error shape, and small readers for path parameters and request bodies that name the input at fault.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPERATIONS, type OperationId } from '../partner-api/operations.js';
import type { Customer } from '../partner-api/types.js';
import type { SimClock } from './clock.js';
import { isDate } from './dates.js';
import type { DnsChecker } from './dns-check.js';
import type { ResolvedOptions } from './options.js';
import type { SimulatorState } from './state.js';

/** Every Partner API route declares the operation it serves; auth, rate limits, faults and the journal read it here. */
declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: OperationId;
    access?: 'read' | 'write';
  }
}

/** What route handlers work with. */
export interface SimContext {
  state: SimulatorState;
  clock: SimClock;
  options: ResolvedOptions;
  dns: DnsChecker;
}

/** Method, URL (fastify `:param` form) and config of an operation, straight from the generated OPERATIONS table. */
export function route(operationId: OperationId) {
  const spec = OPERATIONS[operationId];
  return { method: spec.method, url: spec.path.replace(/\{(\w+)\}/g, ':$1'), config: { operationId, access: spec.access } };
}

/** An API error a handler throws; the error handler answers it as `{code, description}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }
}

/** Sends the documented error body `{code, description}`. */
export function sendError(reply: FastifyReply, status: number, code: string, description: string): FastifyReply {
  return reply.code(status).send({ code, description });
}

/** An error answer decided by a choice (choices.ts). */
export function choiceError(choice: { status: number; code: string; description: string }): ApiError {
  return new ApiError(choice.status, choice.code, choice.description);
}

/**
 * openapi.yaml createCustomer: a real domain's tenant "is not usable until DNS is set up and activateCustomer
 * succeeds", so nothing can be bought for it before then (notActivated choice for the answer).
 */
export function requireActivated(ctx: SimContext, customer: Customer): void {
  if (customer.domainType === 'DOMAIN' && !customer.enableActiveDomain) throw choiceError(ctx.state.choices.notActivated);
}

export const invalid = (description: string) => new ApiError(400, 'INVALID_PARAMETER', description);
export const missing = (name: string) => new ApiError(400, 'MISSING_PARAMETER', `${name} is required`);

/** Parses a `{domainId}` path parameter; undefined when it is not a positive integer. */
export function parseDomainId(raw: unknown): number | undefined {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function params(request: FastifyRequest): Record<string, string> {
  return request.params as Record<string, string>;
}

export function query(request: FastifyRequest): Record<string, string | undefined> {
  return request.query as Record<string, string | undefined>;
}

export function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, 'BAD_REQUEST', 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The customer named by the `{domainId}` path parameter, or 404 CUSTOMER_NOT_EXIST. */
export function customerOf(ctx: SimContext, request: FastifyRequest): Customer {
  const domainId = parseDomainId(params(request).domainId);
  const customer = domainId === undefined ? undefined : ctx.state.customers.get(domainId);
  if (!customer) throw new ApiError(404, 'CUSTOMER_NOT_EXIST', `No customer with domainId ${params(request).domainId}`);
  return customer;
}

export function readInt(
  source: Record<string, unknown>,
  name: string,
  rule: { required?: boolean; min?: number; max?: number; nullable?: boolean } = {},
): number | null | undefined {
  const value = source[name];
  if (value === undefined) {
    if (rule.required) throw missing(name);
    return undefined;
  }
  if (value === null) {
    if (rule.nullable) return null;
    throw invalid(`${name} must not be null`);
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(`${name} must be a whole number`);
  if (rule.min !== undefined && value < rule.min) throw new ApiError(400, 'OUT_OF_RANGE', `${name} must be at least ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) throw new ApiError(400, 'OUT_OF_RANGE', `${name} must be at most ${rule.max}`);
  return value;
}

export function readString(source: Record<string, unknown>, name: string, rule: { required?: boolean; oneOf?: readonly string[] } = {}): string | undefined {
  const value = source[name];
  if (value === undefined || value === null) {
    if (rule.required) throw missing(name);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw invalid(`${name} must be a non-empty string`);
  if (rule.oneOf && !rule.oneOf.includes(value)) throw invalid(`${name} must be one of ${rule.oneOf.join(', ')}`);
  return value;
}

export function readDate(source: Record<string, unknown>, name: string, required = true): string | undefined {
  const value = source[name];
  if (value === undefined || value === null) {
    if (required) throw missing(name);
    return undefined;
  }
  if (!isDate(value)) throw invalid(`${name} must be a date (YYYY-MM-DD)`);
  return value;
}

/** 400 OUT_OF_RANGE unless `date` lies in [from, to]. */
export function requireWindow(name: string, date: string, from: string, to: string): void {
  if (date < from || date > to) throw new ApiError(400, 'OUT_OF_RANGE', `${name} must be between ${from} and ${to} (got ${date})`);
}

/** Year/month query parameters shared by usage and invoice reads. */
export function readYearMonth(request: FastifyRequest, needMonth: boolean): { year: number; month?: number } {
  const q = query(request);
  if (q.year === undefined) throw missing('year');
  const year = Number(q.year);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw invalid('year must be a four-digit year');
  if (!needMonth) return { year };
  if (q.month === undefined) throw missing('month');
  const month = Number(q.month);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw invalid('month must be 1 to 12');
  return { year, month };
}

/** Opaque cursor over a list: base64 of the next offset. */
export function pageOf<T>(items: T[], cursor: string | undefined, count: number): { page: T[]; nextCursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    offset = Number(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0 || offset > items.length) throw invalid('cursor is not valid');
  }
  const page = items.slice(offset, offset + count);
  const nextCursor = offset + count < items.length ? Buffer.from(String(offset + count)).toString('base64') : undefined;
  return nextCursor ? { page, nextCursor } : { page };
}

export function readCount(request: FastifyRequest, fallback: number, max: number): number {
  const raw = query(request).count;
  if (raw === undefined) return fallback;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > max) throw invalid(`count must be 1 to ${max}`);
  return count;
}
