// The session resource (RFC 8620 §2): what the server offers this user, its limits and URLs. The state is a
// hash of the rest, so a client sees a new state whenever any of it changes.

import { createHash } from 'node:crypto';
import {
  JMAP_CAPABILITIES,
  type ContactsAccountCapability,
  type JmapSession,
  type SubmissionAccountCapability,
  type VercorsCapability,
} from '@vercors/contract';
import { MAIL_LIMITS, REPLY_TEMPLATE_LIMITS, SIGNATURE_LIMITS } from '#domain/mail';
import { SUBMISSION_LIMITS } from '#domain/submission';
import { PEOPLE_INDEX_LIMITS } from '#domain/directory';
import { SPELLING_LIMITS } from '#domain/spelling';
import { PREFERENCES_LIMITS } from '#domain/preferences';
import { JMAP_CORE_LIMITS } from './jmap-limits.ts';
import type { JmapPrincipal } from './method-context.ts';

/** The capabilities a request may declare in `using`. */
export const SUPPORTED_CAPABILITIES: ReadonlySet<string> = new Set([
  JMAP_CAPABILITIES.core,
  JMAP_CAPABILITIES.mail,
  JMAP_CAPABILITIES.submission,
  JMAP_CAPABILITIES.vacationResponse,
  JMAP_CAPABILITIES.quota,
  JMAP_CAPABILITIES.websocket,
  JMAP_CAPABILITIES.mdn,
  JMAP_CAPABILITIES.contacts,
  JMAP_CAPABILITIES.vercors,
]);

export const JMAP_PATHS = {
  session: '/jmap/session',
  api: '/jmap/api',
  download: '/jmap/download/{accountId}/{blobId}/{name}?accept={type}',
  upload: '/jmap/upload/{accountId}/',
  eventSource: '/jmap/eventsource/?types={types}&closeafter={closeafter}&ping={ping}',
  webSocket: '/jmap/ws',
} as const;

const DAY_MS = 86_400_000;

/**
 * RFC 8621 §1.3.2: sends may be scheduled (FUTURERELEASE, RFC 4865: the longest delay, and the latest date,
 * taken from the start of the day so the session state moves once a day, not at every request); DSN
 * parameters are passed to the queue; SMTPUTF8 and 8BITMIME are accepted as any message may use them.
 */
function submissionCapability(nowMs: number): SubmissionAccountCapability {
  const maxDelay = SUBMISSION_LIMITS.maxDelayedSendSeconds;
  const latest = new Date(Math.floor(nowMs / DAY_MS) * DAY_MS + maxDelay * 1000);
  return {
    maxDelayedSend: maxDelay,
    submissionExtensions: {
      FUTURERELEASE: [String(maxDelay), latest.toISOString().replace('.000Z', 'Z')],
      DSN: [],
      SMTPUTF8: [],
      '8BITMIME': [],
    },
  };
}

/** The bounds of Vercors's additions, so clients check before they send. */
function vercorsCapability(): VercorsCapability {
  return {
    directorySearch: { maxResults: PEOPLE_INDEX_LIMITS.maxResults },
    signatures: {
      maxSignaturesPerIdentity: SIGNATURE_LIMITS.maxSignaturesPerIdentity,
      maxSignaturesPerAccount: SIGNATURE_LIMITS.maxSignaturesPerAccount,
      maxSizeName: SIGNATURE_LIMITS.maxNameBytes,
      maxSizeSignature: SIGNATURE_LIMITS.maxSignatureBytes,
      maxRecipientsToChoose: SIGNATURE_LIMITS.maxRecipientsToChoose,
    },
    replyTemplates: {
      maxTemplatesPerAccount: REPLY_TEMPLATE_LIMITS.maxTemplatesPerAccount,
      maxSizeName: REPLY_TEMPLATE_LIMITS.maxNameBytes,
      maxSizeSubject: REPLY_TEMPLATE_LIMITS.maxSubjectBytes,
      maxSizeBody: REPLY_TEMPLATE_LIMITS.maxBodyBytes,
    },
    spelling: {
      languages: SPELLING_LIMITS.languages,
      maxTextLength: SPELLING_LIMITS.maxTextLength,
      maxSuggestions: SPELLING_LIMITS.maxSuggestions,
    },
    preferences: { maxRemoteImagesFrom: PREFERENCES_LIMITS.maxRemoteImagesFrom },
  };
}

/** RFC 9610 §2: a card is in exactly one book here (the store's model, as CardDAV has it). */
const CONTACTS_ACCOUNT_CAPABILITY: ContactsAccountCapability = {
  maxAddressBooksPerCard: 1,
  mayCreateAddressBook: true,
};

/** Sort properties Email/query accepts (RFC 8621 §4.4.2). */
const EMAIL_SORT_OPTIONS = ['receivedAt', 'sentAt', 'size', 'subject'];

export function sessionResource(principal: JmapPrincipal, origin: string, nowMs = Date.now()): JmapSession {
  const { accountId } = principal;
  const withoutState = {
    capabilities: {
      [JMAP_CAPABILITIES.core]: JMAP_CORE_LIMITS,
      [JMAP_CAPABILITIES.mail]: {},
      [JMAP_CAPABILITIES.submission]: {},
      [JMAP_CAPABILITIES.vacationResponse]: {},
      [JMAP_CAPABILITIES.quota]: {},
      // RFC 9007 §1.3: an empty object, in the server's capabilities and the account's.
      [JMAP_CAPABILITIES.mdn]: {},
      // RFC 9610 §1.4: an empty object; the account's says what it may do.
      [JMAP_CAPABILITIES.contacts]: {},
      // RFC 8887: the same server, ws:// or wss:// as the page is http:// or https://.
      [JMAP_CAPABILITIES.websocket]: {
        url: `${origin.replace(/^http/, 'ws')}${JMAP_PATHS.webSocket}`,
        supportsPush: true,
      },
      // Vercors's own methods (docs/jmap.md, "Vercors additions").
      [JMAP_CAPABILITIES.vercors]: vercorsCapability(),
    },
    accounts: {
      [accountId]: {
        name: principal.email,
        isPersonal: true,
        isReadOnly: false,
        accountCapabilities: {
          [JMAP_CAPABILITIES.mail]: {
            maxMailboxesPerEmail: null,
            maxMailboxDepth: MAIL_LIMITS.maxMailboxDepth,
            maxSizeMailboxName: MAIL_LIMITS.maxMailboxNameBytes,
            maxSizeAttachmentsPerEmail: MAIL_LIMITS.maxMessageBytes,
            emailQuerySortOptions: EMAIL_SORT_OPTIONS,
            mayCreateTopLevelMailbox: true,
          },
          [JMAP_CAPABILITIES.submission]: submissionCapability(nowMs),
          [JMAP_CAPABILITIES.vacationResponse]: {},
          [JMAP_CAPABILITIES.quota]: {},
          [JMAP_CAPABILITIES.mdn]: {},
          [JMAP_CAPABILITIES.contacts]: CONTACTS_ACCOUNT_CAPABILITY,
          [JMAP_CAPABILITIES.vercors]: {},
        },
      },
    },
    primaryAccounts: {
      [JMAP_CAPABILITIES.mail]: accountId,
      [JMAP_CAPABILITIES.submission]: accountId,
      [JMAP_CAPABILITIES.vacationResponse]: accountId,
      [JMAP_CAPABILITIES.quota]: accountId,
      [JMAP_CAPABILITIES.mdn]: accountId,
      [JMAP_CAPABILITIES.contacts]: accountId,
      [JMAP_CAPABILITIES.vercors]: accountId,
    },
    username: principal.email,
    apiUrl: `${origin}${JMAP_PATHS.api}`,
    downloadUrl: `${origin}${JMAP_PATHS.download}`,
    uploadUrl: `${origin}${JMAP_PATHS.upload}`,
    eventSourceUrl: `${origin}${JMAP_PATHS.eventSource}`,
  };
  const state = createHash('sha256').update(JSON.stringify(withoutState)).digest('base64url').slice(0, 16);
  return { ...withoutState, state };
}

/** Session states computed lately, by what they depend on: every API response carries one. */
const recentStates = new Map<string, string>();
const RECENT_STATES = 1_000;

/**
 * The session resource's state, as sessionResource computes it: it depends only on the account, its address,
 * the origin and the day, so it is computed once for them rather than at every request.
 */
export function sessionState(principal: JmapPrincipal, origin: string, nowMs = Date.now()): string {
  const key = `${principal.accountId}\n${principal.email}\n${origin}\n${Math.floor(nowMs / DAY_MS)}`;
  let state = recentStates.get(key);
  if (state === undefined) {
    state = sessionResource(principal, origin, nowMs).state;
    // Oldest first in a Map: drop from the front once full.
    if (recentStates.size >= RECENT_STATES) recentStates.delete(recentStates.keys().next().value ?? '');
    recentStates.set(key, state);
  }
  return state;
}
