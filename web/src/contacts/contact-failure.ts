// Which failures the contacts screens word themselves and which they hand to the shell: a signed-out session
// or a server that does not answer is the shell's one notice (ScreenProps.onError); a refusal of what was asked
// (a method error, a card the server would not write) is said next to what was asked, by its JMAP type.

import { JmapMethodError, JmapRequestError, SignedOutError } from '../jmap/jmap-client.ts';
import { CardSetError } from './contacts-api.ts';

/** The shell's business: the session ended or the server is unreachable. */
export function isServerTrouble(error: unknown): boolean {
  return error instanceof SignedOutError || (error instanceof JmapRequestError && error.status !== 400);
}

/** Refusals the catalogue words (group contactsErrors); others read as `failed`. */
const WORDED = new Set([
  'invalidProperties',
  'overQuota',
  'alreadyExists',
  'notFound',
  'requestTooLarge',
  'tooLarge',
  'invalidArguments',
]);

/** The catalogue key of a refusal: `contactsErrors.<type>`, else `contactsErrors.failed`. */
export function refusalKey(error: unknown): string {
  const type = error instanceof CardSetError || error instanceof JmapMethodError ? error.type : undefined;
  return `contactsErrors.${type !== undefined && WORDED.has(type) ? type : 'failed'}`;
}
