// The RESCHEDULE input rules (pure), and the documented RESCHEDULE examples: each is a valid input on the day the
// docs say it is sent, and goes stale-proof because that day is fixed here, not the test machine's clock.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, startOfDayInZone } from '../../domain/dates.js';
import { InvalidInputError } from '../../domain/input-validation.js';
import { parseChangeOptionInput } from '../../domain/subscriptions/option-input.js';
import { parseChangeSubscriptionInput } from '../../domain/subscriptions/subscription-input.js';

/** "On 2026-12-01 (the API's today)", as the docs' examples say; noon in Tokyo. */
const DOC_TODAY = '2026-12-01';
const docNow = startOfDayInZone(DOC_TODAY, 'Asia/Tokyo') + 12 * 3_600_000;

function problems(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof InvalidInputError) return err.problems;
    throw err;
  }
  return [];
}

const base = { domainId: 10000001, requestId: 'move', action: 'RESCHEDULE' } as const;
const sub = (fields: Record<string, unknown>) => problems(() => parseChangeSubscriptionInput({ ...base, ...fields }, docNow));
const opt = (fields: Record<string, unknown>) => problems(() => parseChangeOptionInput({ ...base, optionProductId: 'ACV2', ...fields }, docNow));

test('a pre-order moves within tomorrow..+31 days; beyond or today is refused naming when', () => {
  expect(sub({ productId: 'STD', when: addDays(DOC_TODAY, 1) })).toEqual([]);
  expect(sub({ productId: 'STD', when: addDays(DOC_TODAY, 31) })).toEqual([]);
  expect(sub({ productId: 'STD', when: addDays(DOC_TODAY, 32) })).toEqual([`when ${addDays(DOC_TODAY, 32)} is outside the pre-order window (tomorrow to 2027-01-01, 31 days ahead)`]);
  expect(sub({ productId: 'STD', when: DOC_TODAY })).toEqual([`when ${DOC_TODAY} is today: a scheduled item can be moved to tomorrow (2026-12-02) at the earliest`]);
});

test('RESCHEDULE needs a date, and exactly one of subscriptionId and productId', () => {
  expect(sub({ subscriptionId: 1021, when: 'now' })).toEqual(['when must be the new date YYYY-MM-DD for action RESCHEDULE (not "now" or "renewal")']);
  expect(sub({ when: '2026-12-10' })).toEqual([expect.stringMatching(/^subscriptionId is required for action RESCHEDULE/)]);
  expect(sub({ subscriptionId: 1021, productId: 'STD', when: '2026-12-10' })).toEqual([expect.stringMatching(/^productId must be left out when subscriptionId is given/)]);
  expect(sub({ subscriptionId: 1021, addLicenses: 2, when: '2026-12-10' })).toEqual(['addLicenses is not used by action RESCHEDULE']);
  // A reservation's window depends on its type: the planner checks it against the state; far dates pass the input.
  expect(sub({ subscriptionId: 1021, when: addDays(DOC_TODAY, 200) })).toEqual([]);
});

test('an option task moves to a date from tomorrow on; "renewal", today and extra fields are refused', () => {
  expect(opt({ when: '2026-12-10' })).toEqual([]);
  expect(opt({ when: 'renewal' })).toEqual(['when must be the new date YYYY-MM-DD for action RESCHEDULE (not "now" or "renewal")']);
  expect(opt({ when: DOC_TODAY })).toEqual([expect.stringMatching(/^when 2026-12-01 is today/)]);
  expect(opt({ when: '2026-12-10', subOptionId: 'ACV201' })).toEqual(['subOptionId is not used by action RESCHEDULE']);
});

/** The ```json blocks of a doc that use the RESCHEDULE action. */
function rescheduleExamples(doc: string): Array<Record<string, unknown>> {
  const text = readFileSync(fileURLToPath(new URL(`../../docs/${doc}`, import.meta.url)), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).map((block) => JSON.parse(block) as Record<string, unknown>).filter((example) => example.action === 'RESCHEDULE');
}

test.each([
  ['subscriptions.md', 3],
  ['web-ui.md', 2],
])('the RESCHEDULE examples in docs/%s are valid inputs on the day they are sent', (doc, count) => {
  const examples = rescheduleExamples(doc);
  expect(examples).toHaveLength(count);
  for (const example of examples) {
    const parse = 'optionProductId' in example ? parseChangeOptionInput : parseChangeSubscriptionInput;
    expect(problems(() => parse(example, docNow))).toEqual([]);
  }
});
