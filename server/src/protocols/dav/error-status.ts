// Every DomainError code as a DAV answer, mapped once (STYLE.md §3.6): a status and, where RFC 4918 / 6352 /
// 6578 name one, the precondition element of a DAV:error body; else a plain text in the request's language.
// Typed Record<FailureCode, …>: a new code fails tsc until it is mapped here. Parse errors of a request are 400;
// anything else is the dispatcher's 500.

import type { FailureCode, Locale } from '@vercors/contract';
import type { DomainError } from '#core/errors';
import { CONTACT_LIMITS } from '#domain/contacts';
import { textReply, xmlReply, type DavReply } from './dav-context.ts';
import type { DavMessage } from './dav-messages.ts';
import { NS, clark } from './wire/dav-names.ts';
import { buildError, type XmlNode } from './wire/multistatus.ts';

interface Mapped {
  readonly status: number;
  /** The precondition element (Clark name) of the DAV:error body, if any. */
  readonly precondition?: string;
  /** Without a precondition: the text of the body. */
  readonly message?: DavMessage;
}

const card = (local: string) => clark(NS.carddav, local);
const dav = (local: string) => clark(NS.dav, local);

const BY_CODE: Readonly<Record<FailureCode, Mapped>> = {
  notFound: { status: 404, message: 'notFound' },
  exists: { status: 409, message: 'exists' },
  forbidden: { status: 403, precondition: dav('need-privileges') },
  overQuota: { status: 507, precondition: dav('quota-not-exceeded') },
  tooBig: { status: 403, precondition: card('max-resource-size') },
  limit: { status: 507, precondition: dav('quota-not-exceeded') },
  invalid: { status: 403, precondition: card('valid-address-data') },
  inUse: { status: 403, message: 'inUse' },
  expunged: { status: 404, message: 'notFound' },
  temporary: { status: 503, message: 'unavailable' },
  unavailable: { status: 503, message: 'unavailable' },
  cannotCalculateChanges: { status: 403, precondition: dav('valid-sync-token') },
};

/** Reasons that change the answer of their code. */
const BY_REASON: Readonly<Record<string, Mapped>> = {
  preconditionFailed: { status: 412, message: 'preconditionFailed' },
  uidConflict: { status: 403, precondition: card('no-uid-conflict') },
  // A name or text the client chose that we do not accept (not a card problem).
  resourceName: { status: 403, message: 'nameRefused' },
  name: { status: 403, message: 'nameRefused' },
  description: { status: 403, message: 'nameRefused' },
  hasCards: { status: 403, message: 'hasCards' },
};

export function domainErrorReply(
  error: DomainError,
  locale: Locale,
  hrefOfConflict?: (name: string) => string,
): DavReply {
  const reason = typeof error.details.reason === 'string' ? error.details.reason : undefined;
  const subject = error.details.subject;
  const mapped =
    (reason !== undefined ? BY_REASON[reason] : undefined) ??
    // A book refused for a bad import or a bad name is not a card problem.
    (error.code === 'invalid' && subject !== 'card'
      ? { status: 403, message: 'valueRefused' }
      : BY_CODE[error.code]);
  const headers: Record<string, string> =
    error.code === 'temporary' || error.code === 'unavailable' ? { 'Retry-After': '30' } : {};
  if (mapped.precondition === undefined) {
    const limits = {
      maxName: CONTACT_LIMITS.maxNameChars,
      maxDescription: CONTACT_LIMITS.maxDescriptionChars,
    };
    return textReply(mapped.status, locale, mapped.message ?? 'valueRefused', limits, headers);
  }
  const conflict = error.details.conflict;
  const children: XmlNode[] =
    typeof conflict === 'string' && hrefOfConflict !== undefined
      ? [{ name: dav('href'), value: hrefOfConflict(conflict) }]
      : [];
  return xmlReply(mapped.status, buildError(mapped.precondition, children), headers);
}
