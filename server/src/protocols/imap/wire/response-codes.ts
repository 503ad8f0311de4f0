// Response codes (RFC 9051 §7.1 and the extensions'), built with the right argument shapes. Codes without
// arguments are plain `responseCode('CLOSED')`; the others have a builder here so their syntax is written once.

import type { CodeArgument, ResponseCode } from './encoder.ts';
import { formatOrderedNumbers, type SequenceSet } from './sequence-set.ts';

/** Codes with no argument that the server sends. */
export type BareCodeName =
  | 'ALERT'
  | 'ALREADYEXISTS'
  | 'AUTHENTICATIONFAILED'
  | 'AUTHORIZATIONFAILED'
  | 'CANNOT'
  | 'CLIENTBUG'
  | 'CLOSED'
  | 'CONTACTADMIN'
  | 'CORRUPTION'
  | 'EXPIRED'
  | 'EXPUNGEISSUED'
  | 'HASCHILDREN'
  | 'INUSE'
  | 'LIMIT'
  | 'NOMODSEQ'
  | 'NONEXISTENT'
  | 'NOPERM'
  | 'OVERQUOTA'
  | 'PARSE'
  | 'PRIVACYACQUIRED'
  | 'READ-ONLY'
  | 'READ-WRITE'
  | 'SERVERBUG'
  | 'TOOBIG'
  | 'TRYCREATE'
  | 'UNAVAILABLE'
  | 'UNKNOWN-CTE';

/** Any code; `string & {}` keeps editor completion of the bare names while allowing the rest. */
export function responseCode(name: BareCodeName | (string & {}), ...args: CodeArgument[]): ResponseCode {
  return args.length === 0 ? { name } : { name, args };
}

/** `[APPENDUID 38505 3955]` (RFC 4315 §3; RFC 9051 §7.1). */
export function appendUidCode(uidValidity: number, uids: number | SequenceSet): ResponseCode {
  return { name: 'APPENDUID', args: [uidValidity, uids] };
}

/**
 * `[COPYUID 38505 304,319:320 3956:3958]` (RFC 4315 §3). The two lists pair up in order, so they are written
 * in the order given, never sorted apart.
 */
export function copyUidCode(
  uidValidity: number,
  sourceUids: readonly number[],
  destinationUids: readonly number[],
): ResponseCode {
  return {
    name: 'COPYUID',
    args: [uidValidity, formatOrderedNumbers(sourceUids), formatOrderedNumbers(destinationUids)],
  };
}

/** `[CAPABILITY IMAP4rev2 IMAP4rev1 ...]` */
export function capabilityCode(capabilities: readonly string[]): ResponseCode {
  return { name: 'CAPABILITY', args: capabilities };
}

/** `[PERMANENTFLAGS (\Deleted \Seen \*)]` */
export function permanentFlagsCode(flags: readonly string[]): ResponseCode {
  return { name: 'PERMANENTFLAGS', args: [flags] };
}

/** `[HIGHESTMODSEQ 715194045007]` (RFC 7162 §3.1.2.1). */
export function highestModseqCode(modseq: number | bigint): ResponseCode {
  return { name: 'HIGHESTMODSEQ', args: [modseq] };
}

/** `[UIDVALIDITY 3857529045]` */
export function uidValidityCode(uidValidity: number): ResponseCode {
  return { name: 'UIDVALIDITY', args: [uidValidity] };
}

/** `[UIDNEXT 4392]` */
export function uidNextCode(uidNext: number): ResponseCode {
  return { name: 'UIDNEXT', args: [uidNext] };
}

/** `[MODIFIED 7,9]`: messages a conditional STORE left alone (RFC 7162 §3.1.3). */
export function modifiedCode(set: SequenceSet): ResponseCode {
  return { name: 'MODIFIED', args: [set] };
}

/** `[BADCHARSET (UTF-8 US-ASCII)]` (RFC 9051 §7.1). */
export function badCharsetCode(charsets: readonly string[]): ResponseCode {
  return { name: 'BADCHARSET', args: [charsets] };
}

/** `[MAILBOXID (F2212ea87-6097-4256-9d51-71338625)]` (RFC 8474 §4.1). */
export function mailboxIdCode(mailboxId: string): ResponseCode {
  return { name: 'MAILBOXID', args: [[mailboxId]] };
}
