// What every DAV method works with: who asks, the address-book providers, the owner resolution of the
// contacts domain, the request's headers and bounded body, and the log.

import type { Logger } from '#core/log';
import type { ContactsService } from '#domain/contacts';
import type { AddressBookProvider, DavPrincipal } from './collection-provider.ts';
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

export function xmlReply(status: number, body: string, headers: Record<string, string> = {}): DavReply {
  return { status, headers: { 'Content-Type': XML_TYPE, ...headers }, body };
}
