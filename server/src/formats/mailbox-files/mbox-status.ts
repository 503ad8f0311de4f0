// The state mbox writers keep inside each message's header: `Status:`/`X-Status:` (mutt, Pine, Dovecot),
// `X-Keywords:` (Dovecot), `X-Mozilla-Status:`/`X-Mozilla-Keys:` (Thunderbird). They describe the mailbox, not
// the message, so they become keywords and are removed from the bytes stored: the same message then has the
// same bytes however often it was read or flagged before the export.

import { readHeaderFields, removeHeaderFields } from './header-fields.ts';

/** Fields that are mbox bookkeeping rather than part of the message (Dovecot hides the same on IMAP). */
export const MBOX_STATUS_FIELDS: ReadonlySet<string> = new Set([
  'status',
  'x-status',
  'x-keywords',
  'x-uid',
  'x-imap',
  'x-imapbase',
  'x-mozilla-status',
  'x-mozilla-status2',
  'x-mozilla-keys',
]);

export interface MboxMetadata {
  /** The message without its status fields. */
  readonly raw: Uint8Array;
  /** JMAP keywords; custom ones as written (the caller checks them). */
  readonly keywords: readonly string[];
  /** Marked deleted but never expunged (Status/X-Status D, Thunderbird's Expunged bit). */
  readonly isDeleted: boolean;
}

/** X-Status letters (mutt, Dovecot): A answered, F flagged, T draft; D deleted. Status R is read; O is "not new". */
const X_STATUS_KEYWORDS: Readonly<Record<string, string>> = { A: '$answered', F: '$flagged', T: '$draft' };

/** Thunderbird's nsMsgMessageFlags in X-Mozilla-Status (four hex digits). */
const MOZILLA_FLAGS = [
  { bit: 0x0001, keyword: '$seen' },
  { bit: 0x0002, keyword: '$answered' },
  { bit: 0x0004, keyword: '$flagged' },
  { bit: 0x1000, keyword: '$forwarded' },
] as const;
const MOZILLA_EXPUNGED = 0x0008;

export function mboxMetadata(raw: Uint8Array): MboxMetadata {
  const fields = readHeaderFields(raw, MBOX_STATUS_FIELDS);
  const keywords = new Set<string>();
  let isDeleted = false;

  const status = fields.get('status') ?? '';
  if (status.includes('R')) keywords.add('$seen');
  const xStatus = fields.get('x-status') ?? '';
  for (const letter of xStatus) {
    const keyword = X_STATUS_KEYWORDS[letter];
    if (keyword !== undefined) keywords.add(keyword);
  }
  if (status.includes('D') || xStatus.includes('D')) isDeleted = true;

  const mozilla = fields.get('x-mozilla-status');
  if (mozilla !== undefined && /^[0-9a-f]{1,8}$/i.test(mozilla)) {
    const bits = Number.parseInt(mozilla, 16);
    for (const { bit, keyword } of MOZILLA_FLAGS) if ((bits & bit) !== 0) keywords.add(keyword);
    if ((bits & MOZILLA_EXPUNGED) !== 0) isDeleted = true;
  }
  for (const field of ['x-keywords', 'x-mozilla-keys']) {
    for (const keyword of (fields.get(field) ?? '').split(/[\s,]+/))
      if (keyword !== '') keywords.add(keyword);
  }
  return { raw: removeHeaderFields(raw, MBOX_STATUS_FIELDS), keywords: [...keywords], isDeleted };
}
