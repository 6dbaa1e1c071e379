// The customer-details workflow's input (CRM-driven changes) and its validation. Pure: workflow and clients use it.
import { asObject, InvalidInputError, optionalString, type Problems } from '../input-validation.js';
import { LOCALES, type Locale } from '../onboarding/onboard-customer-input.js';
import { isKnownTimeZone } from '../dates.js';
import { readDomainId } from './user-cap-input.js';

/** The fields patchCustomer can change. Only the ones given are compared and, when different, sent. */
export interface CustomerChanges {
  companyName?: string;
  phoneNumber?: string;
  timeZone?: string;
  locale?: Locale;
  partnership?: { customerCode?: string; memo?: string; enablePartnerProfileDisplay?: boolean };
}

export interface UpdateCustomerDetailsInput {
  domainId: number;
  changes: CustomerChanges;
  /** Who asked (CRM user or event); shown in the status and result. */
  requestedBy?: string;
}

/** The business workflow ID: one details update per customer at a time. */
export function updateCustomerWorkflowId(domainId: number): string {
  return `customer-update/${domainId}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseUpdateCustomerDetailsInput(raw: unknown): UpdateCustomerDetailsInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = readDomainId(input, problems);
  const requestedBy = optionalString(input, 'requestedBy', problems);
  const source = asObject(input.changes, 'changes', problems);
  const changes: CustomerChanges = {};

  const companyName = optionalString(source, 'companyName', problems, 'changes.companyName');
  if (companyName !== undefined) {
    if (companyName.trim() === '' || companyName.length > 40) problems.push('changes.companyName must be 1-40 characters');
    changes.companyName = companyName;
  }
  const phoneNumber = optionalString(source, 'phoneNumber', problems, 'changes.phoneNumber');
  if (phoneNumber !== undefined) {
    if (!/^[0-9PT*#+,-]+$/.test(phoneNumber)) problems.push('changes.phoneNumber may contain only digits and P T - * # + ,');
    changes.phoneNumber = phoneNumber;
  }
  const timeZone = optionalString(source, 'timeZone', problems, 'changes.timeZone');
  if (timeZone !== undefined) {
    if (!isKnownTimeZone(timeZone)) problems.push('changes.timeZone must be an IANA time zone such as Asia/Tokyo');
    changes.timeZone = timeZone;
  }
  const locale = optionalString(source, 'locale', problems, 'changes.locale');
  if (locale !== undefined) {
    if (!(LOCALES as readonly string[]).includes(locale)) problems.push(`changes.locale must be one of ${LOCALES.join(', ')}`);
    changes.locale = locale as Locale;
  }
  if (source.partnership !== undefined) {
    const p = asObject(source.partnership, 'changes.partnership', problems);
    const partnership: NonNullable<CustomerChanges['partnership']> = {};
    const customerCode = optionalString(p, 'customerCode', problems, 'changes.partnership.customerCode');
    if (customerCode !== undefined) {
      if (new TextEncoder().encode(customerCode).length > 200) problems.push('changes.partnership.customerCode must be at most 200 bytes');
      partnership.customerCode = customerCode;
    }
    const memo = optionalString(p, 'memo', problems, 'changes.partnership.memo');
    if (memo !== undefined) {
      if (memo.length > 700) problems.push('changes.partnership.memo must be at most 700 characters');
      partnership.memo = memo;
    }
    if (p.enablePartnerProfileDisplay !== undefined) {
      if (typeof p.enablePartnerProfileDisplay !== 'boolean') problems.push('changes.partnership.enablePartnerProfileDisplay must be true or false');
      else partnership.enablePartnerProfileDisplay = p.enablePartnerProfileDisplay;
    }
    for (const key of Object.keys(p)) if (!['customerCode', 'memo', 'enablePartnerProfileDisplay'].includes(key)) problems.push(`changes.partnership.${key} is not a field patchCustomer can change`);
    if (Object.keys(partnership).length > 0) changes.partnership = partnership;
  }
  for (const key of Object.keys(source)) {
    if (!['companyName', 'phoneNumber', 'timeZone', 'locale', 'partnership'].includes(key)) problems.push(`changes.${key} is not a field patchCustomer can change`);
  }
  if (input.changes !== undefined && Object.keys(source).length === 0) problems.push('changes must name at least one field');
  for (const key of Object.keys(input)) if (!['domainId', 'changes', 'requestedBy'].includes(key)) problems.push(`${key} is not a known field`);

  if (problems.length > 0) throw new InvalidInputError('updateCustomerDetails', problems);
  return { domainId, changes, ...(requestedBy === undefined ? {} : { requestedBy }) };
}
