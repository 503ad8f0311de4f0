// The messages bench/imap loads into every mailbox of both servers: deterministic (message i is the same bytes in
// every run), French staff mail from the search corpus, 2–30 KiB on a log scale, and a realistic mix of shapes:
// plain text in 8bit or quoted-printable, multipart/alternative with an HTML part, multipart/mixed with a small
// base64 attachment. Subjects and From are distinct, names with accents are RFC 2047 encoded words, and one
// message in a hundred holds a rare word that SEARCH must find through the transfer encodings. On request
// (bench/jmap), a share of them answer an earlier one, so that the mailbox has threads.

import { frenchMailCorpus } from '@vercors/server/src/store/conformance/search-corpus.ts';
import { seededRandom } from '@vercors/server/src/core/seeded-random.ts';

export { seededRandom };

/** In about 1 % of the bodies: SEARCH TEXT for it returns a handful of messages. */
export const RARE_WORD = 'xylographie';
/** In most bodies (and in subjects, which BODY does not look at): SEARCH BODY for it returns most messages. */
export const COMMON_WORD = 'conseil';
const RARE_SENTENCE = 'La xylographie sera présentée à l’atelier d’arts plastiques du jeudi.';
const MIN_BYTES = 2 * 1024;
const MAX_BYTES = 30 * 1024;
/** Sentences per corpus body used as a pool to cut bodies from (about 70 characters each). */
const POOL_SENTENCES = 460;

export interface BenchMessage {
  readonly raw: Buffer;
  /** For APPEND, so both servers store the same INTERNALDATE. */
  readonly internalDate: string;
  readonly hasRareWord: boolean;
  readonly hasCommonWordInBody: boolean;
  /** The Date header and INTERNALDATE, in ms since the epoch: strictly increasing with the index. */
  readonly receivedAt: number;
  /** The index of the first message of its thread (its own index when it answers none). */
  readonly threadRoot: number;
}

export interface BenchMailOptions {
  /**
   * About REPLY_SHARE of the messages answer one of the 8th to 60th message before them (In-Reply-To,
   * References, "Re: " and the thread's subject), in threads of at most MAX_THREAD_MESSAGES. Off by default, so
   * bench/imap's messages stay the bytes they always were.
   */
  readonly hasReplies?: boolean;
}

/** A realistic share of replies in a staff mailbox: enough for threads to matter to collapseThreads. */
const REPLY_SHARE = 0.4;
/**
 * Threads stop growing here, far below Cyrus's conversations_max_thread (100), past which Cyrus splits a
 * thread where Vercors does not: both servers must see the same threads.
 */
const MAX_THREAD_MESSAGES = 20;
/**
 * A reply answers a message at least this far back, so that loading over a few connections at once, which can
 * swap neighbours, still stores every parent before its reply.
 */
const MIN_REPLY_DISTANCE = 8;
const MAX_REPLY_DISTANCE = 60;
/** References keep the thread's first message and the latest ones, as mail clients trim them. */
const MAX_REFERENCES = 10;

/** RFC 2047 B encoded words for a header value with non-ASCII text, folded; ASCII is left as it is. */
function encodeWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 42) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

/** `Marie Martin <marie.martin@ac-lyon.fr>` with its display name encoded. */
function encodeAddress(address: string): string {
  const open = address.lastIndexOf(' <');
  if (open < 0) return address;
  return `${encodeWords(address.slice(0, open))}${address.slice(open)}`;
}

/** Quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, never splitting an =XX. */
function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    for (const byte of Buffer.from(line)) {
      encoded +=
        byte === 32 || (byte >= 33 && byte <= 126 && byte !== 61)
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (encoded.endsWith(' ')) encoded = `${encoded.slice(0, -1)}=20`;
    while (encoded.length > 76) {
      let cut = 75;
      const escape = encoded.lastIndexOf('=', cut - 1);
      if (escape >= cut - 2) cut = escape;
      out.push(`${encoded.slice(0, cut)}=`);
      encoded = encoded.slice(cut);
    }
    out.push(encoded);
  }
  return out.join('\r\n');
}

function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** `messages` messages; message i is the same whatever the count. */
export function benchMessages(count: number, options: BenchMailOptions = {}): BenchMessage[] {
  return [...benchMessageStream(count, options)];
}

/** The messages one by one, for a caller that shows progress: generating 100,000 takes a minute or two. */
export function* benchMessageStream(count: number, options: BenchMailOptions = {}): Generator<BenchMessage> {
  const headers = frenchMailCorpus(count, { seed: 7, sentences: 8 });
  const pools = frenchMailCorpus(count, { seed: 11, sentences: POOL_SENTENCES });
  const threads = new ReplyPlanner();
  for (let i = 0; i < count; i++) {
    const next = seededRandom(1_000 + i);
    const document = headers.next().value;
    const pool = pools.next().value;
    if (document === undefined || pool === undefined) break;
    const hasRareWord = i % 100 === 37;
    const shape = i % 20 < 12 ? 'plain' : i % 20 < 15 ? 'alternative' : 'mixed';
    const attachment =
      shape === 'mixed'
        ? Buffer.from(
            Array.from({ length: 1024 + Math.floor(next() * 5 * 1024) }, () => Math.floor(next() * 256)),
          )
        : undefined;
    // Log-uniform between 2 and 30 KiB for the whole message; the attachment (base64: 4/3) takes its share.
    const total = Math.round(MIN_BYTES * (MAX_BYTES / MIN_BYTES) ** next());
    const textBudget = Math.max(
      1400,
      total - 1100 - (attachment ? Math.ceil((attachment.length * 4) / 3) : 0),
    );
    // Quoted-printable grows accented text by up to 20 %; the alternative part carries the text twice, once in HTML.
    const textBytes = Math.floor(
      shape === 'alternative' ? Math.max(600, textBudget / 2.6) : i % 2 === 1 ? textBudget / 1.2 : textBudget,
    );
    let body: string = pool.body ?? '';
    // Cut at a line end below the budget in bytes (accents and apostrophes take 2 to 3 bytes in UTF-8).
    body = body.slice(0, textBytes);
    while (Buffer.byteLength(body) > textBytes && body.includes('\n'))
      body = body.slice(0, body.lastIndexOf('\n'));
    if (hasRareWord) {
      const middle = body.indexOf('\n', Math.floor(body.length / 2));
      body =
        middle < 0
          ? `${body}\n${RARE_SENTENCE}`
          : `${body.slice(0, middle)}\n${RARE_SENTENCE}${body.slice(middle)}`;
    }
    body = `Bonjour,\n${body}\nCordialement,\n${document.from?.[0]?.split(' <')[0] ?? ''}\n`;

    const date = new Date(Date.UTC(2026, 0, 5, 7, 30) + i * 3 * 3600_000 + Math.floor(next() * 3600_000));
    const dateHeader = `${WEEKDAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
    const internalDate = `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
    const from = document.from?.[0] ?? 'Marie Martin <marie.martin@ac-grenoble.fr>';
    const fromDomain = from.slice(from.lastIndexOf('@') + 1, -1);
    const subject = `${document.subject ?? ''} (n° ${i + 1})`;
    const messageId = `bench-imap-${i}.${fromDomain}@${fromDomain}`;
    const reply = options.hasReplies === true ? threads.place(i, subject, messageId) : undefined;
    const head = [
      `Received: from mx.${fromDomain} (mx.${fromDomain} [192.0.2.${1 + (i % 200)}])\r\n\tby mx.ac-test.fr with ESMTPS id b${i}; ${dateHeader}`,
      `Received: from [10.1.${i % 250}.${(i * 7) % 250}] by smtp.${fromDomain} with ESMTPSA; ${dateHeader}`,
      `Date: ${dateHeader}`,
      `From: ${encodeAddress(from)}`,
      `To: ${(document.to ?? []).map(encodeAddress).join(',\r\n ')}`,
      ...((document.cc ?? []).length > 0
        ? [`Cc: ${(document.cc ?? []).map(encodeAddress).join(',\r\n ')}`]
        : []),
      `Subject: ${encodeWords(reply?.subject ?? subject)}`,
      `Message-ID: <${messageId}>`,
      ...(reply === undefined
        ? []
        : [
            `In-Reply-To: <${reply.inReplyTo}>`,
            `References: ${reply.references.map((id) => `<${id}>`).join('\r\n ')}`,
          ]),
      'MIME-Version: 1.0',
      'X-Mailer: Thunderbird 128.5',
    ];
    const plainPart = (encoding: '8bit' | 'quoted-printable') => [
      'Content-Type: text/plain; charset=utf-8; format=flowed',
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      encoding === '8bit' ? crlf(body) : quotedPrintable(body),
    ];
    let parts: string[];
    if (shape === 'plain') {
      parts = plainPart(i % 2 === 0 ? '8bit' : 'quoted-printable');
    } else {
      const boundary = `----=_Part_${i}_${Math.floor(next() * 1e9)}`;
      const second =
        shape === 'alternative'
          ? [
              'Content-Type: text/html; charset=utf-8',
              'Content-Transfer-Encoding: quoted-printable',
              '',
              quotedPrintable(
                `<html><body>\n${body
                  .split('\n')
                  .map((line) => `<p>${escapeHtml(line)}</p>`)
                  .join('\n')}\n</body></html>`,
              ),
            ]
          : [
              `Content-Type: application/octet-stream; name="${document.attachmentNames?.[0] ?? 'piece-jointe.pdf'}"`,
              `Content-Disposition: attachment; filename="${document.attachmentNames?.[0] ?? 'piece-jointe.pdf'}"`,
              'Content-Transfer-Encoding: base64',
              '',
              base64Lines(attachment ?? Buffer.alloc(0)),
            ];
      parts = [
        `Content-Type: multipart/${shape}; boundary="${boundary}"`,
        '',
        'This is a multi-part message in MIME format.',
        `--${boundary}`,
        ...plainPart(shape === 'alternative' ? 'quoted-printable' : '8bit'),
        `--${boundary}`,
        ...second,
        `--${boundary}--`,
        '',
      ];
    }
    const raw = Buffer.from(`${[...head, ...parts].join('\r\n')}\r\n`);
    yield {
      raw,
      internalDate,
      hasRareWord,
      hasCommonWordInBody: body.toLowerCase().includes(COMMON_WORD),
      // The headers and INTERNALDATE carry whole seconds.
      receivedAt: Math.floor(date.getTime() / 1000) * 1000,
      threadRoot: reply?.root ?? i,
    };
  }
}

interface Reply {
  readonly root: number;
  readonly subject: string;
  readonly inReplyTo: string;
  readonly references: readonly string[];
}

/** Which earlier message each message answers, if any: decided from its index and the messages before it. */
class ReplyPlanner {
  readonly #roots: number[] = [];
  readonly #subjects: string[] = [];
  readonly #messageIds: string[] = [];
  readonly #references: (readonly string[])[] = [];
  readonly #sizes = new Map<number, number>();

  /** Record message `index` and return what makes it a reply, or undefined when it starts a thread. */
  place(index: number, subject: string, messageId: string): Reply | undefined {
    // A stream of its own: the choices that shape message `index` otherwise stay as they were.
    const next = seededRandom(7_000_000 + index);
    const span = Math.min(index - MIN_REPLY_DISTANCE, MAX_REPLY_DISTANCE - MIN_REPLY_DISTANCE) + 1;
    const isReply = span > 0 && next() < REPLY_SHARE;
    const parent = index - MIN_REPLY_DISTANCE - Math.floor(next() * Math.max(span, 1));
    const root = isReply ? (this.#roots[parent] ?? parent) : index;
    if (!isReply || (this.#sizes.get(root) ?? 1) >= MAX_THREAD_MESSAGES) {
      this.#remember(index, index, subject, messageId, []);
      return undefined;
    }
    const chain = [...(this.#references[parent] ?? []), this.#messageIds[parent] ?? ''];
    const references =
      chain.length > MAX_REFERENCES ? [chain[0] ?? '', ...chain.slice(1 - MAX_REFERENCES)] : chain;
    const reply = {
      root,
      subject: `Re: ${this.#subjects[root] ?? ''}`,
      inReplyTo: this.#messageIds[parent] ?? '',
      references,
    };
    this.#remember(index, root, this.#subjects[root] ?? '', messageId, references);
    this.#sizes.set(root, (this.#sizes.get(root) ?? 1) + 1);
    return reply;
  }

  #remember(index: number, root: number, subject: string, messageId: string, references: readonly string[]) {
    this.#roots[index] = root;
    this.#subjects[index] = subject;
    this.#messageIds[index] = messageId;
    this.#references[index] = references;
  }
}
