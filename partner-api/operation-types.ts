// Request and response types of every operation, derived from the generated schema (`operations['<id>']`), so the
// client never restates a shape from openapi.yaml by hand.
import type { operations } from './generated/schema.js';

export type { operations };

/** Every operationId in openapi.yaml. */
export type OperationName = keyof operations;

type Op<Id extends OperationName> = operations[Id];

/** Path parameters of an operation (`never` when it has none). */
export type PathParams<Id extends OperationName> = NonNullable<Op<Id>['parameters']['path']>;

/** One path parameter's type, e.g. `PathParam<'getSubscription', 'subscriptionId'>` is `string`. */
export type PathParam<Id extends OperationName, Name extends keyof PathParams<Id>> = PathParams<Id>[Name];

/** Query parameters of an operation (`never` when it has none). */
export type QueryParams<Id extends OperationName> = NonNullable<Op<Id>['parameters']['query']>;

/** JSON request body of an operation (`never` when it takes none). */
export type RequestBody<Id extends OperationName> = Op<Id> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | '2XX';
type Responses<Id extends OperationName> = Op<Id>['responses'];
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/** JSON body of an operation's 2xx answer; `undefined` for answers without content (202/204). */
export type ResponseBody<Id extends OperationName> = JsonContent<Responses<Id>[Extract<keyof Responses<Id>, SuccessStatus>]>;
