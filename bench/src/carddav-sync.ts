// The CardDAV client of bench/directory, the same for every server: loading an address book by concurrent PUTs,
// then syncing it as a phone does (DAVx⁵, iOS): `sync-collection` (RFC 6578) with an empty token for every
// href and ETag, then `addressbook-multiget` (RFC 6352 §8.7) in batches until every card is fetched; later the
// same with the previous token, which lists only what changed. Each client holds one kept-alive HTTP/1.1
// connection, as a phone does. Bytes are counted as they cross the wire (request and response bodies; headers
// aside). Every request is bounded in time and its answer in size, and only 127.0.0.1 is ever reached.

import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** Radicale's first read of 10,000 cards written as files parses each (a minute or two on a busy machine). */
const REQUEST_TIMEOUT_MS = 600_000;
/** A multiget of 500 cards is a few hundred KiB; a full sync-collection of 20,000 hrefs a few MiB. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface DavTarget {
  readonly name: string;
  readonly port: number;
  /** The address book's path, with its trailing slash. */
  readonly bookPath: string;
  readonly user: string;
  readonly password: string;
  /**
   * Card-by-card PUTs stop after this, and `fillBook` loads the whole book some other way: a server whose PUT
   * slows down with the book's size would otherwise take hours.
   */
  readonly putCapMs?: number;
  /** Every card into the book without PUT (e.g. as files into the server's storage); resolves with seconds. */
  readonly fillBook?: (
    cards: readonly { readonly name: string; readonly vcard: string }[],
  ) => Promise<number>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One kept-alive connection to 127.0.0.1:port with HTTP Basic, counting the bytes of bodies both ways. */
export class HttpConnection {
  bytesIn = 0;
  bytesOut = 0;
  requests = 0;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #authorization: string;

  readonly port: number;

  constructor(port: number, user: string, password: string) {
    this.port = port;
    this.#authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  send(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    this.requests++;
    this.bytesOut += payload?.length ?? 0;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.#agent,
          headers: {
            authorization: this.#authorization,
            ...(payload === undefined ? {} : { 'content-length': String(payload.length) }),
            ...headers,
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              response.destroy(new Error(`${method} ${path}: answer over ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.once('error', reject);
          response.once('end', () => {
            this.bytesIn += size;
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(new Error(`${method} ${path}: no answer in time`)));
      outgoing.once('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

export interface LoadResult {
  /** Cards sent before the time cap (all, unless the server slowed down past it). */
  readonly sent: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly failures: number;
  readonly firstFailure?: string;
}

/**
 * PUT every card (If-None-Match: *, a creation) over `connections` connections sharing one cursor; no card is
 * sent after `capMs` (the caller sees how many were).
 */
export async function putCards(
  target: DavTarget,
  cards: readonly { readonly name: string; readonly vcard: string }[],
  connections: number,
  capMs: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + capMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const http = new HttpConnection(target.port, target.user, target.password);
      try {
        while (next < cards.length && performance.now() < deadline) {
          const card = cards[next++];
          if (card === undefined) break;
          const sent = performance.now();
          const answer = await http.send('PUT', `${target.bookPath}${card.name}`, card.vcard, {
            'content-type': 'text/vcard; charset=utf-8',
            'if-none-match': '*',
          });
          latencies.push(performance.now() - sent);
          if (answer.status !== 201 && answer.status !== 204) {
            failures++;
            firstFailure ??= `PUT ${card.name}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`;
          }
        }
      } finally {
        http.close();
      }
    }),
  );
  return {
    sent: Math.min(next, cards.length),
    seconds: (performance.now() - started) / 1000,
    latencies,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/** PUT new versions of existing cards, one after the other (a user editing on another device). */
export async function updateCards(
  target: DavTarget,
  cards: readonly { readonly name: string; readonly vcard: string }[],
): Promise<void> {
  const http = new HttpConnection(target.port, target.user, target.password);
  try {
    for (const card of cards) {
      const answer = await http.send('PUT', `${target.bookPath}${card.name}`, card.vcard, {
        'content-type': 'text/vcard; charset=utf-8',
      });
      if (answer.status !== 201 && answer.status !== 204)
        throw new Error(`update PUT ${card.name}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    }
  } finally {
    http.close();
  }
}

export interface SyncResult {
  readonly seconds: number;
  readonly requests: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** The sync-collection's new token, for the next incremental sync. */
  readonly token: string;
  /** Hrefs the sync-collection listed as present (changed or new). */
  readonly listed: number;
  /** Hrefs it listed as removed (404). */
  readonly removed: number;
  /** The cards fetched, by the last segment of their href. */
  readonly cards: Map<string, string>;
}

const syncBody = (token: string) =>
  `<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>${escapeXml(token)}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

const multigetBody = (hrefs: readonly string[]) =>
  `<?xml version="1.0" encoding="utf-8"?>
<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><c:address-data/></d:prop>${hrefs
    .map((href) => `<d:href>${escapeXml(href)}</d:href>`)
    .join('')}</c:addressbook-multiget>`;

/**
 * A sync from `token` ('' for the first, full sync): sync-collection, then multiget of every listed card in
 * batches of `batch`, on one connection.
 */
export async function syncBook(target: DavTarget, token: string, batch: number): Promise<SyncResult> {
  const http = new HttpConnection(target.port, target.user, target.password);
  const started = performance.now();
  try {
    const answer = await http.send('REPORT', target.bookPath, syncBody(token), {
      'content-type': 'application/xml; charset=utf-8',
      depth: '1',
    });
    if (answer.status !== 207)
      throw new Error(`sync-collection: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
    const newToken = /<(?:[\w-]+:)?sync-token[^>]*>([^<]*)</.exec(answer.body)?.[1];
    if (newToken === undefined)
      throw new Error(`sync-collection without a sync-token: ${answer.body.slice(-300)}`);
    const present: string[] = [];
    let removed = 0;
    for (const response of responsesOf(answer.body)) {
      // The collection itself may be listed (Cyrus): only cards count.
      if (response.href.endsWith('/')) continue;
      if (response.status404) removed++;
      else present.push(response.href);
    }
    const cards = new Map<string, string>();
    for (let from = 0; from < present.length; from += batch) {
      const hrefs = present.slice(from, from + batch);
      const got = await http.send('REPORT', target.bookPath, multigetBody(hrefs), {
        'content-type': 'application/xml; charset=utf-8',
        depth: '1',
      });
      if (got.status !== 207)
        throw new Error(`addressbook-multiget: HTTP ${got.status} ${got.body.slice(0, 300)}`);
      for (const response of responsesOf(got.body))
        if (response.addressData !== undefined) cards.set(lastSegment(response.href), response.addressData);
    }
    return {
      seconds: (performance.now() - started) / 1000,
      requests: http.requests,
      bytesIn: http.bytesIn,
      bytesOut: http.bytesOut,
      token: unescapeXml(newToken),
      listed: present.length,
      removed,
      cards,
    };
  } finally {
    http.close();
  }
}

interface DavResponse {
  readonly href: string;
  readonly status404: boolean;
  readonly addressData?: string;
}

/** The <response> elements of a multistatus, whatever the namespace prefixes the server chose. */
function* responsesOf(xml: string): Generator<DavResponse> {
  const pattern = /<((?:[\w-]+:)?)response[\s>][\s\S]*?<\/\1response>/g;
  for (const match of xml.matchAll(pattern)) {
    const block = match[0];
    const href = unescapeXml(/<(?:[\w-]+:)?href[^>]*>([^<]*)</.exec(block)?.[1] ?? '').trim();
    // A removed card: a status directly in the response (RFC 6578 §3.5.2), not in a propstat.
    const withoutPropstats = block.replace(/<((?:[\w-]+:)?)propstat[\s>][\s\S]*?<\/\1propstat>/g, '');
    const status404 = /<(?:[\w-]+:)?status[^>]*>[^<]*\b404\b/.test(withoutPropstats);
    const data = /<(?:[\w-]+:)?address-data[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?address-data>/.exec(block)?.[1];
    yield {
      href,
      status404,
      ...(data === undefined ? {} : { addressData: unescapeXml(data.replace(/^<!\[CDATA\[|\]\]>$/g, '')) }),
    };
  }
}

const lastSegment = (href: string) => decodeURIComponent(href.replace(/\/$/, '').split('/').pop() ?? '');

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
