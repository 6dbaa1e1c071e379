// Why LINE WORKS refused activateCustomer, and what the customer must do about it. Pure.
// openapi.yaml activateCustomer: it "works only after the customer has been registered AND the customer has accepted
// the terms of service"; the error answers themselves "were not visible" (x-gaps), so the terms case is recognised by
// its code or its wording, and anything else counts as "the domain is not verified yet".

export type ActivationRefusal = 'TERMS_NOT_ACCEPTED' | 'NOT_VERIFIED';

export function activationRefusal(code: string | undefined, reason: string): ActivationRefusal {
  if (/TERMS|AGREE/i.test(code ?? '') || /terms of (service|use)|利用規約/i.test(reason)) return 'TERMS_NOT_ACCEPTED';
  return 'NOT_VERIFIED';
}

/** What the customer must do when the terms of service are not accepted yet. */
export const TERMS_ACTION =
  "the customer's LINE WORKS administrator must sign in to LINE WORKS (Admin) and accept the terms of service; " +
  'activation is retried at every DNS check, or at once on signal recheckDns';
