// partnerctl get: read one thing straight from the Partner API (or the simulator), where a partner looks first.
//   get subscriptions <domainId>                       listSubscriptions (find a subscription's ID)
//   get subscription <domainId> <subscriptionId>       getSubscription
//   get option-order <domainId> <optionProductId>      getOptionProductOrder (the option's scheduled task)
// Reads only: nothing here writes, so no workflow is needed.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerApiError } from '../partner-api/errors.js';
import type { CliIo } from './io.js';
import { CommandFailed, formatFields, UsageError } from './io.js';

export const GET_USAGE = `  get subscriptions <domainId>
  get subscription <domainId> <subscriptionId>
  get option-order <domainId> <optionProductId>`;

export interface GetCommandContext {
  api: PartnerApiClient;
  io: CliIo;
  json: boolean;
}

function domainIdOf(raw: string | undefined): number {
  if (!raw || !/^\d+$/.test(raw)) throw new UsageError(`domainId ${raw ?? '(missing)'} must be a number; usage:\n${GET_USAGE}`);
  return Number(raw);
}

export async function getCommand(ctx: GetCommandContext, [what, domainIdRaw, id]: string[]): Promise<void> {
  let read: () => Promise<unknown>;
  let label: string;
  if (what === 'subscriptions') {
    const domainId = domainIdOf(domainIdRaw);
    label = `subscriptions of domain ${domainId}`;
    read = async () => (await ctx.api.call('listSubscriptions', { path: { domainId } })).body;
  } else if (what === 'subscription') {
    const domainId = domainIdOf(domainIdRaw);
    if (!id || !/^\d+$/.test(id)) throw new UsageError(`subscriptionId ${id ?? '(missing)'} must be a number`);
    label = `subscription ${id} of domain ${domainId}`;
    read = async () => (await ctx.api.call('getSubscription', { path: { domainId, subscriptionId: id } })).body;
  } else if (what === 'option-order') {
    const domainId = domainIdOf(domainIdRaw);
    if (!id) throw new UsageError('name the optionProductId, e.g. partnerctl get option-order 10000001 SSTG2');
    label = `option order ${id} of domain ${domainId}`;
    // Unknown option IDs are the API's to refuse (it names them), so the answer stays LINE WORKS' own.
    read = async () => (await ctx.api.call('getOptionProductOrder', { path: { domainId, optionProductId: id } })).body;
  } else {
    throw new UsageError(`get what? one of:\n${GET_USAGE}`);
  }
  let body: unknown;
  try {
    body = await read();
  } catch (err) {
    if (err instanceof PartnerApiError) throw new CommandFailed(`${label}: ${err.message}`);
    throw err;
  }
  if (ctx.json) ctx.io.out(JSON.stringify(body, null, 2));
  else for (const line of [`${label}:`, ...formatFields(body, '  ')]) ctx.io.out(line);
}
