// What a transfer's wait carries into its next run is part of the run input, never of a start: every trigger starts
// with the start schema (the catalog's), which refuses the field; the run schema checks what is carried.
import { InvalidInputError } from '../../domain/input-validation.js';
import { parseTransferCustomerInput, parseTransferCustomerRunInput } from '../../domain/lifecycle/transfer-customer-input.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';

const start = { domain: 'direct.example', partnerCode: 'Code1' };
const carry = { potentialCustomer: { domain: 'direct.example' }, deadline: '2026-12-02T00:00:00.000Z', intervalMs: 600_000, checks: 100 };

test('a start with continuedTransferWait is refused by the start schema and the catalog, naming the field', () => {
  expect(() => parseTransferCustomerInput({ ...start, continuedTransferWait: carry })).toThrow(/continuedTransferWait/);
  const entry = WORKFLOW_CATALOG.find((e) => e.type === 'transferCustomer')!;
  expect(() => entry.parseInput({ ...start, continuedTransferWait: carry })).toThrow(InvalidInputError);
});

test('the run schema takes a carry-over and names every bad field of one', () => {
  expect(parseTransferCustomerRunInput({ ...start, continuedTransferWait: carry }).continuedTransferWait).toEqual(carry);
  let error: unknown;
  try {
    parseTransferCustomerRunInput({ ...start, continuedTransferWait: { ...carry, intervalMs: 0, checks: -1, lastError: 'x'.repeat(2001) } });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(InvalidInputError);
  const message = (error as Error).message;
  for (const field of ['intervalMs', 'checks', 'lastError']) expect(message).toContain(field);
});
