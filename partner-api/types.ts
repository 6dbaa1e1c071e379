// Named request and response types of the Partner API, taken from the generated schema (openapi.yaml).
import type { components, operations } from './generated/schema.js';

type Schemas = components['schemas'];

export type DomainType = Schemas['CustomerDomainType'];
export type CustomerLocale = Schemas['CustomerLocale'];
export type VerifyDomainRequest = Schemas['VerifyDomainRequest'];
export type VerifyDomainResponse = Schemas['VerifyDomainResponse'];
export type CustomerCreateAdministrator = Schemas['CustomerCreateAdministrator'];
export type CustomerCreateRequest = Schemas['CustomerCreateRequest'];
export type Customer = Schemas['Customer'];
export type CustomerList = Schemas['CustomerList'];
export type ListCustomersQuery = NonNullable<operations['listCustomers']['parameters']['query']>;
export type UpgradeDomain = Schemas['UpgradeDomain'];
export type ErrorResponse = Schemas['ErrorResponse'];

export type { components, operations };
