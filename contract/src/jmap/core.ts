// JMAP core (RFC 8620) as the server sends it and the web app reads it: the session resource, requests and
// responses, and the error types. Types only; the server validates what arrives (protocols/jmap).

/** RFC 8620 §1.2: 1–255 characters of base64url. */
export type JmapId = string;
/** RFC 3339 date-time in UTC with a `Z` (RFC 8620 §1.4). */
export type UtcDate = string;

export const JMAP_CAPABILITIES = {
  core: 'urn:ietf:params:jmap:core',
  mail: 'urn:ietf:params:jmap:mail',
  submission: 'urn:ietf:params:jmap:submission',
  vacationResponse: 'urn:ietf:params:jmap:vacationresponse',
  quota: 'urn:ietf:params:jmap:quota',
  websocket: 'urn:ietf:params:jmap:websocket',
  mdn: 'urn:ietf:params:jmap:mdn',
  /** JMAP for Contacts (RFC 9610): address books and contact cards. */
  contacts: 'urn:ietf:params:jmap:contacts',
  /** Vercors's own methods (signatures per context, templates, directory search): docs/jmap.md. */
  vercors: 'urn:vercors:jmap',
} as const;

export type JmapCapability = (typeof JMAP_CAPABILITIES)[keyof typeof JMAP_CAPABILITIES];

/** The `urn:ietf:params:jmap:core` capability: the limits the server enforces (RFC 8620 §2). */
export interface CoreCapability {
  readonly maxSizeUpload: number;
  readonly maxConcurrentUpload: number;
  readonly maxSizeRequest: number;
  readonly maxConcurrentRequests: number;
  readonly maxCallsInRequest: number;
  readonly maxObjectsInGet: number;
  readonly maxObjectsInSet: number;
  readonly collationAlgorithms: readonly string[];
}

/** The `urn:ietf:params:jmap:mail` account capability (RFC 8621 §1.3.1). */
export interface MailAccountCapability {
  readonly maxMailboxesPerEmail: number | null;
  readonly maxMailboxDepth: number | null;
  readonly maxSizeMailboxName: number;
  readonly maxSizeAttachmentsPerEmail: number;
  readonly emailQuerySortOptions: readonly string[];
  readonly mayCreateTopLevelMailbox: boolean;
}

export interface SessionAccount {
  readonly name: string;
  readonly isPersonal: boolean;
  readonly isReadOnly: boolean;
  readonly accountCapabilities: Readonly<Record<string, unknown>>;
}

/** The session resource (RFC 8620 §2), at /.well-known/jmap. */
export interface JmapSession {
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly accounts: Readonly<Record<JmapId, SessionAccount>>;
  readonly primaryAccounts: Readonly<Record<string, JmapId>>;
  readonly username: string;
  readonly apiUrl: string;
  readonly downloadUrl: string;
  readonly uploadUrl: string;
  readonly eventSourceUrl: string;
  readonly state: string;
}

/** [method name, arguments, method call id] (RFC 8620 §3.2). */
export type Invocation = readonly [name: string, args: Readonly<Record<string, unknown>>, callId: string];

export interface JmapRequest {
  readonly using: readonly string[];
  readonly methodCalls: readonly Invocation[];
  readonly createdIds?: Readonly<Record<JmapId, JmapId>>;
}

export interface JmapResponse {
  readonly methodResponses: readonly Invocation[];
  readonly createdIds?: Readonly<Record<JmapId, JmapId>>;
  readonly sessionState: string;
}

/** A back-reference to an earlier call's result (RFC 8620 §3.7), given as `#argument`. */
export interface ResultReference {
  readonly resultOf: string;
  readonly name: string;
  readonly path: string;
}

/** Request-level errors (RFC 8620 §3.6.1), sent as RFC 7807 problem details. */
export const JMAP_REQUEST_ERRORS = {
  unknownCapability: 'urn:ietf:params:jmap:error:unknownCapability',
  notJSON: 'urn:ietf:params:jmap:error:notJSON',
  notRequest: 'urn:ietf:params:jmap:error:notRequest',
  limit: 'urn:ietf:params:jmap:error:limit',
} as const;

export interface JmapProblem {
  readonly type: string;
  readonly status: number;
  readonly detail: string;
  /** For `limit`: the name of the limit reached (maxCallsInRequest, maxSizeRequest…). */
  readonly limit?: string;
}

/** Method-level errors (RFC 8620 §3.6.2 and the per-method ones of RFC 8620 §5, RFC 8621). */
export const JMAP_METHOD_ERRORS = [
  'serverUnavailable',
  'serverFail',
  'serverPartialFail',
  'unknownMethod',
  'invalidArguments',
  'invalidResultReference',
  'forbidden',
  'accountNotFound',
  'accountNotSupportedByMethod',
  'accountReadOnly',
  'requestTooLarge',
  'cannotCalculateChanges',
  'stateMismatch',
  'anchorNotFound',
  'unsupportedSort',
  'unsupportedFilter',
  'tooManyChanges',
  'fromAccountNotFound',
  'fromAccountNotSupportedByMethod',
] as const;

export type JmapMethodErrorType = (typeof JMAP_METHOD_ERRORS)[number];

/** Per-object errors of /set and /copy (RFC 8620 §5.3, RFC 8621). */
export const JMAP_SET_ERRORS = [
  'forbidden',
  'overQuota',
  'tooLarge',
  'rateLimit',
  'notFound',
  'invalidPatch',
  'willDestroy',
  'invalidProperties',
  'singleton',
  'alreadyExists',
  'mailboxHasChild',
  'mailboxHasEmail',
  'blobNotFound',
  'tooManyKeywords',
  'tooManyMailboxes',
  'invalidEmail',
  'tooManyRecipients',
  'noRecipients',
  'invalidRecipients',
  'forbiddenMailFrom',
  'forbiddenFrom',
  'forbiddenToSend',
  'cannotUnsend',
  /** MDN/send (RFC 9007 §2.1): the email has the `$mdnsent` keyword already. */
  'mdnAlreadySent',
  /** AddressBook/set destroy (RFC 9610 §2.3): the book holds cards and onDestroyRemoveContents was false. */
  'addressBookHasContents',
] as const;

export type JmapSetErrorType = (typeof JMAP_SET_ERRORS)[number];

export interface JmapSetError {
  readonly type: JmapSetErrorType;
  readonly description?: string;
  readonly properties?: readonly string[];
  readonly existingId?: JmapId;
  /** blobNotFound (RFC 8621 §4.6): the blob ids that were not found. */
  readonly notFound?: readonly JmapId[];
  /** tooLarge of EmailSubmission (RFC 8621 §7.5): the largest message that may be sent, in octets. */
  readonly maxSize?: number;
  /** tooManyRecipients (RFC 8621 §7.5). */
  readonly maxRecipients?: number;
  /** invalidRecipients (RFC 8621 §7.5): the addresses that cannot be sent to. */
  readonly invalidRecipients?: readonly string[];
}

/** Foo/changes response (RFC 8620 §5.2). */
export interface ChangesResponse {
  readonly accountId: JmapId;
  readonly oldState: string;
  readonly newState: string;
  readonly hasMoreChanges: boolean;
  readonly created: readonly JmapId[];
  readonly updated: readonly JmapId[];
  readonly destroyed: readonly JmapId[];
}

/** Foo/get response (RFC 8620 §5.1). */
export interface GetResponse<T> {
  readonly accountId: JmapId;
  readonly state: string;
  readonly list: readonly T[];
  readonly notFound: readonly JmapId[];
}

/** Foo/query response (RFC 8620 §5.5). */
export interface QueryResponse {
  readonly accountId: JmapId;
  readonly queryState: string;
  readonly canCalculateChanges: boolean;
  readonly position: number;
  readonly ids: readonly JmapId[];
  readonly total?: number;
  readonly limit?: number;
}

/** Foo/set response (RFC 8620 §5.3). */
export interface SetResponse<T> {
  readonly accountId: JmapId;
  readonly oldState: string | null;
  readonly newState: string;
  readonly created: Readonly<Record<JmapId, Partial<T>>> | null;
  readonly updated: Readonly<Record<JmapId, Partial<T> | null>> | null;
  readonly destroyed: readonly JmapId[] | null;
  readonly notCreated: Readonly<Record<JmapId, JmapSetError>> | null;
  readonly notUpdated: Readonly<Record<JmapId, JmapSetError>> | null;
  readonly notDestroyed: Readonly<Record<JmapId, JmapSetError>> | null;
}
