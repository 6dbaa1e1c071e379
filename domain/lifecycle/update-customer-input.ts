// The customer-details workflow's input (CRM-driven changes): its schema (type inferred, validation from it). Pure:
// workflow and clients use it. Bounds are patchCustomer's (openapi.yaml CustomerPatchRequest).
import { companyNameSchema, localeSchema, phoneNumberSchema } from '../onboarding/onboard-customer-input.js';
import type { z } from '../schema.js';
import { domainIdSchema, flag, optionalText, parseWithSchema, strictObject, timeZoneSchema, utf8Bytes } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

const NOT_PATCHABLE = 'is not a field patchCustomer can change';

/** The fields patchCustomer can change. Only the ones given are compared and, when different, sent. */
export const customerChangesSchema = sharedSchema('lifecycle/update-customer-input#customerChangesSchema', () => strictObject(
  {
    companyName: companyNameSchema.optional(),
    phoneNumber: phoneNumberSchema.optional(),
    timeZone: timeZoneSchema().optional(),
    locale: localeSchema.optional(),
    partnership: strictObject(
      {
        /** The partner's own code for the customer: at most 200 bytes. */
        customerCode: optionalText(200).refine((code) => code === undefined || utf8Bytes(code) <= 200, 'must be at most 200 bytes'),
        memo: optionalText(700),
        enablePartnerProfileDisplay: flag().optional(),
      },
      NOT_PATCHABLE,
    ).optional(),
  },
  NOT_PATCHABLE,
).refine((changes) => Object.keys(changes).length > 0, 'must name at least one field'));

export type CustomerChanges = z.infer<typeof customerChangesSchema>;

export const updateCustomerDetailsInputSchema = sharedSchema('lifecycle/update-customer-input#updateCustomerDetailsInputSchema', () => strictObject({
  domainId: domainIdSchema(),
  changes: customerChangesSchema,
  /** Who asked (CRM user or event); shown in the status and result. */
  requestedBy: optionalText(200),
}));

export type UpdateCustomerDetailsInput = z.infer<typeof updateCustomerDetailsInputSchema>;

/** The business workflow ID: one details update per customer at a time. */
export function updateCustomerWorkflowId(domainId: number): string {
  return `customer-update/${domainId}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseUpdateCustomerDetailsInput(raw: unknown): UpdateCustomerDetailsInput {
  return parseWithSchema('updateCustomerDetails', updateCustomerDetailsInputSchema, raw);
}
