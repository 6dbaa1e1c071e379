// conventions.md 2.2 "Expired or invalid token: 401 or 403?": the error table says 401 UNAUTHORIZED, but the official
// samples treat "HTTP 403 whose code is UNAUTHORIZED" as an expired access token. Operations listed in the
// expiredToken403Operations choice answer an expired token that way, so a client's 403 path can be exercised.
import type { TokenCheck } from './auth.js';
import type { SimChoices } from './choices.js';

export function expiredAs403(verdict: TokenCheck, operation: string, choices: SimChoices): TokenCheck {
  if (verdict.ok || verdict.status !== 401 || !verdict.description.includes('expired')) return verdict;
  const listed = choices.expiredToken403Operations;
  if (!listed.includes('*') && !listed.includes(operation)) return verdict;
  return { ...verdict, status: 403 };
}
