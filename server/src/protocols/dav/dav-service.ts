// The DAV endpoints as one Hono app, mounted by the runtime beside JMAP: /.well-known/carddav (RFC 6764 §5,
// a redirect to the context path /dav/) and everything under /dav/. Every request but OPTIONS is authenticated
// (dav-auth.ts); errors are mapped once, here (error-status.ts); an unexpected one is a 500 with an incident id.
// Plain-text answers are in the request's language (dav-locale.ts, dav-messages.ts).
// Security: bodies are bounded per method before they are read whole; paths, headers and XML are hostile.

import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { Locale } from '@vercors/contract';
import type { ClientAddressResolver } from '#core/client-address';
import { DomainError, ParseError } from '#core/errors';
import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { ContactsService } from '#domain/contacts';
import type { AddressBookProvider } from './collection-provider.ts';
import type { DavAuthenticator } from './dav-auth.ts';
import { textReply, xmlReply, type DavContext, type DavReply, type DavRequest } from './dav-context.ts';
import { davLocale } from './dav-locale.ts';
import { DAV_ROOT, hrefOf, parseDavPath, WELL_KNOWN_CARDDAV, type DavTarget } from './dav-paths.ts';
import type { DavMessage } from './dav-messages.ts';
import { domainErrorReply } from './error-status.ts';
import { DAV_METHODS, UNSUPPORTED_METHODS } from './method-table.ts';
import { notFoundReply } from './methods/not-found.ts';
import { options as optionsReply } from './methods/options.ts';
import { personalBooks } from './personal-books.ts';
import { NS, clark } from './wire/dav-names.ts';
import { buildError } from './wire/multistatus.ts';

type DavEnv = { Bindings: Partial<HttpBindings> };

export interface DavServiceOptions {
  readonly contacts: Omit<ContactsService, 'collectAddresses' | 'pruneTombstones'>;
  /** Read-only books listed after the personal ones (the académie directory, directory-book.ts). */
  readonly extraProviders?: readonly AddressBookProvider[];
  readonly authenticator: DavAuthenticator;
  readonly clientAddress: ClientAddressResolver;
  readonly log: Logger;
}

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vercors", charset="UTF-8"' };
const ROUTED_METHODS = [...Object.keys(DAV_METHODS), ...UNSUPPORTED_METHODS];

export function createDavApp(options: DavServiceOptions): Hono<DavEnv> {
  const { authenticator, log } = options;
  const providers = [personalBooks(options.contacts), ...(options.extraProviders ?? [])];
  const app = new Hono<DavEnv>();

  // RFC 6764 §5: the well-known URI redirects to the context path, where the client asks for its principal.
  app.on([...ROUTED_METHODS], WELL_KNOWN_CARDDAV, (c) =>
    reply(c, { status: 301, headers: { Location: DAV_ROOT } }),
  );

  app.on([...ROUTED_METHODS], ['/dav', '/dav/*'], async (c) => {
    const method = c.req.method.toUpperCase();
    if (method === 'OPTIONS') return reply(c, optionsReply());
    const remoteAddress = options.clientAddress(
      c.env?.incoming?.socket?.remoteAddress,
      c.req.header('x-forwarded-for'),
    );
    const auth = await authenticator.authenticate(c.req.header('authorization'), remoteAddress);
    if (!auth.ok) {
      // Nobody known yet: the client's language.
      const locale = davLocale(c.req.header('accept-language'));
      if (auth.reason === 'locked')
        return reply(c, textReply(429, locale, 'loginLocked', {}, { 'Retry-After': '900' }));
      const message =
        auth.reason === 'appPasswordRequired'
          ? 'appPasswordRequired'
          : auth.reason === 'scope'
            ? 'appPasswordScope'
            : 'authenticationRequired';
      return reply(c, textReply(401, locale, message, {}, CHALLENGE));
    }
    const locale = davLocale(c.req.header('accept-language'), auth.principal);
    const path = new URL(c.req.url).pathname;
    // MKCOL names the new collection with a trailing slash; inside a book it reaches mkcol's own refusal.
    const target =
      parseDavPath(path) ?? (method === 'MKCOL' ? parseDavPath(path.replace(/\/$/, '')) : undefined);
    if (target === undefined) {
      // Deeper than a card: the intermediate collections can never exist (RFC 4918 §9.3.1, §9.7.1).
      const isCreation = method === 'MKCOL' || method === 'PUT';
      return reply(
        c,
        isCreation && path.startsWith('/dav/addressbooks/') ? { status: 409 } : notFoundReply(locale),
      );
    }
    if (UNSUPPORTED_METHODS.includes(method))
      return reply(c, textReply(501, locale, 'methodNotSupported', { method }));
    const handler = DAV_METHODS[method];
    if (handler === undefined) return reply(c, { status: 405 });
    const context: DavContext = {
      principal: auth.principal,
      locale,
      providers,
      owners: options.contacts,
      log,
    };
    try {
      return reply(c, await handler(context, requestOf(c, method, target)));
    } catch (error) {
      return reply(c, errorReply(error, { target, locale, log, path: c.req.path }));
    }
  });
  return app;
}

function requestOf(c: Context<DavEnv>, method: string, target: DavTarget): DavRequest {
  return {
    method,
    target,
    header: (name) => c.req.header(name),
    async text(maxBytes) {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > maxBytes) throw new ParseError('tooBig', `the body is limited to ${maxBytes} bytes`);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > maxBytes)
        throw new ParseError('tooBig', `the body is limited to ${maxBytes} bytes`);
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch (error) {
        throw new ParseError('badEncoding', 'the body must be UTF-8', { cause: error });
      }
    },
  };
}

/** The ParseError codes of a request (wire/, carddav/) with their own words; any other is badRequest. */
const PARSE_MESSAGES: Readonly<Record<string, DavMessage>> = {
  badXml: 'badXml',
  badEncoding: 'badEncoding',
  badDepth: 'badDepth',
  badEtag: 'badEtag',
  badFilter: 'badFilter',
  badLimit: 'badLimit',
};

function errorReply(
  error: unknown,
  request: { target: DavTarget; locale: Locale; log: Logger; path: string },
): DavReply {
  const { target, locale, log } = request;
  if (error instanceof DomainError) {
    const inBook = target.kind === 'card' || target.kind === 'book' ? target : undefined;
    return domainErrorReply(
      error,
      locale,
      inBook && ((name) => hrefOf({ kind: 'card', owner: inBook.owner, book: inBook.book, card: name })),
    );
  }
  if (error instanceof ParseError) {
    if (error.code === 'tooBig')
      return target.kind === 'card'
        ? xmlReply(403, buildError(clark(NS.carddav, 'max-resource-size')))
        : textReply(413, locale, 'requestTooBig');
    if (error.code === 'unsupportedCollation')
      return xmlReply(403, buildError(clark(NS.carddav, 'supported-collation')));
    const message = Object.hasOwn(PARSE_MESSAGES, error.code) ? PARSE_MESSAGES[error.code] : undefined;
    return textReply(400, locale, message ?? 'badRequest');
  }
  const incident = newIncidentId();
  log.error({ err: error, incident, path: request.path.slice(0, 200) }, 'dav request failed');
  return textReply(500, locale, 'internalError', { incident });
}

function reply(c: Context<DavEnv>, answer: DavReply): Response {
  const headers = new Headers(answer.headers);
  const hasBody = answer.body !== undefined && c.req.method !== 'HEAD' && answer.status !== 304;
  return new Response(hasBody ? answer.body : null, { status: answer.status, headers });
}
