// What every DAV method works with: who asks, the language to answer in, the address-book providers, the owner
// resolution of the contacts domain, the request's headers and bounded body, and the log.

import type { Locale } from '@vercors/contract';
import type { Logger } from '#core/log';
import type { ContactsService } from '#domain/contacts';
import type { AddressBookProvider, DavPrincipal } from './collection-provider.ts';
import { DAV_MESSAGES, type DavMessage } from './dav-messages.ts';
import type { DavTarget } from './dav-paths.ts';

export interface DavRequest {
  readonly method: string;
  readonly target: DavTarget;
  header(name: string): string | undefined;
  /** The body as text, at most `maxBytes` (ParseError tooBig beyond). */
  text(maxBytes: number): Promise<string>;
}

export interface DavContext {
  readonly principal: DavPrincipal;
  /** The language of plain-text answers (dav-locale.ts). */
  readonly locale: Locale;
  /** In listing order; a book name belongs to the first provider that has it. */
  readonly providers: readonly AddressBookProvider[];
  readonly owners: Pick<ContactsService, 'ownerOf'>;
  readonly log: Logger;
}

export interface DavReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export const XML_TYPE = 'application/xml; charset=utf-8';
export const VCARD_TYPE = 'text/vcard; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export function xmlReply(status: number, body: string, headers: Record<string, string> = {}): DavReply {
  return { status, headers: { 'Content-Type': XML_TYPE, ...headers }, body };
}

/** A plain-text answer in the request's language: what went wrong and what to do (dav-messages.ts). */
export function textReply(
  status: number,
  locale: Locale,
  message: DavMessage,
  params: Readonly<Record<string, string | number>> = {},
  headers: Record<string, string> = {},
): DavReply {
  return {
    status,
    headers: { 'Content-Type': TEXT_TYPE, ...headers },
    body: `${DAV_MESSAGES.t(locale, message, params)}\n`,
  };
}
