// RFC 5322 §3.4 address lists read into the address structures of IMAP ENVELOPE (RFC 9051 §7.5.2): display
// name, source route, local part and domain as written (encoded words left as they are), groups as start and
// end markers. Lenient like a receiver must be; what cannot be an address is skipped.
// Security: stored network input; one linear pass over at most MAX_ADDRESS_FIELD characters, no recursion.

export type ImapAddress =
  | {
      readonly kind: 'mailbox';
      /** Display name, unquoted, whitespace collapsed; undefined when there is none. */
      readonly name: string | undefined;
      /** obs-route at-domain-list (`@a.example,@b.example`), undefined when absent. */
      readonly route: string | undefined;
      readonly mailbox: string;
      readonly host: string;
    }
  | { readonly kind: 'groupStart'; readonly name: string }
  | { readonly kind: 'groupEnd' };

/**
 * A mailbox without local part or domain still needs a non-NIL host (a NIL host marks a group), so the
 * missing piece gets Dovecot's placeholder, which clients already show for broken addresses.
 */
export const MISSING_MAILBOX = 'MISSING_MAILBOX';
export const MISSING_DOMAIN = 'MISSING_DOMAIN';

/** Characters of one field read: as #formats/mime reads address fields (256 KiB, thousands of recipients). */
const MAX_ADDRESS_FIELD = 256 * 1024;
/** Address structures per field: a staff-wide To: stays whole, and one header cannot make a huge ENVELOPE. */
const MAX_ADDRESSES = 5000;

interface Token {
  /** word: an atom as written; quoted: a quoted-string's content; literal: `[…]` as written; special: one of SPECIALS. */
  readonly kind: 'word' | 'quoted' | 'literal' | 'special' | 'comment';
  readonly text: string;
  /** Whitespace or a comment came before it. */
  readonly isSpaced: boolean;
}

const SPECIALS = new Set(['<', '>', ':', ';', '@', ',', '.']);
const WORD_END = /[\s()<>:;@,."[]/;
const GROUP_END: ImapAddress = { kind: 'groupEnd' };

/** The address structures of one header field value, in order, groups included. */
export function parseAddressList(value: string): ImapAddress[] {
  const text = value.length > MAX_ADDRESS_FIELD ? value.slice(0, MAX_ADDRESS_FIELD) : value;
  return new AddressReader(tokenize(text)).read();
}

/** Whitespace runs (tabs, stray line breaks) become one space, ends trimmed: text meant for people. */
export function forHumans(text: string): string {
  return text.replace(/[\s]+/g, ' ').trim();
}

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let isSpaced = false;
  while (index < value.length) {
    const char = value[index]!;
    let end: number;
    if (/\s/.test(char)) {
      isSpaced = true;
      index++;
      continue;
    }
    if (char === '(') {
      const comment = readDelimited(value, index, '(', ')');
      tokens.push({ kind: 'comment', text: comment.text, isSpaced });
      isSpaced = true;
      index = comment.end;
      continue;
    }
    if (char === '"') {
      const quoted = readDelimited(value, index, '"', '"');
      tokens.push({ kind: 'quoted', text: quoted.text, isSpaced });
      end = quoted.end;
    } else if (char === '[') {
      const close = value.indexOf(']', index);
      end = close < 0 ? value.length : close + 1;
      tokens.push({ kind: 'literal', text: value.slice(index, end), isSpaced });
    } else if (SPECIALS.has(char)) {
      tokens.push({ kind: 'special', text: char, isSpaced });
      end = index + 1;
    } else {
      end = index + 1;
      while (end < value.length && !WORD_END.test(value[end]!)) end++;
      tokens.push({ kind: 'word', text: value.slice(index, end), isSpaced });
    }
    isSpaced = false;
    index = end;
  }
  return tokens;
}

/**
 * A quoted-string or a comment from its opening character: the content with quoted-pairs resolved, and the
 * index after the closing character (the end of the value when it never closes). Comments nest.
 */
function readDelimited(
  value: string,
  start: number,
  open: string,
  close: string,
): { text: string; end: number } {
  let text = '';
  let depth = 1;
  let index = start + 1;
  while (index < value.length) {
    const char = value[index]!;
    if (char === '\\' && index + 1 < value.length) {
      text += value[index + 1];
      index += 2;
      continue;
    }
    index++;
    if (char === close && --depth === 0) return { text, end: index };
    if (char === open && open !== close) depth++;
    text += char;
  }
  return { text, end: index };
}

class AddressReader {
  readonly #tokens: readonly Token[];
  readonly #addresses: ImapAddress[] = [];
  #index = 0;
  #isInGroup = false;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  read(): ImapAddress[] {
    while (this.#index < this.#tokens.length && this.#addresses.length < MAX_ADDRESSES) this.#readItem();
    if (this.#isInGroup) this.#addresses.push(GROUP_END);
    return this.#addresses;
  }

  /** One list item: a group opening, a group end, or a mailbox with whatever junk follows it. */
  #readItem(): void {
    const first = this.#tokens[this.#index]!;
    if (isSpecial(first, ',') || isSpecial(first, ';')) {
      this.#index++;
      if (isSpecial(first, ';') && this.#isInGroup) this.#closeGroup();
      return;
    }
    const phrase = this.#readUntil('<:@,;');
    const stop = this.#tokens[this.#index];
    if (stop !== undefined && isSpecial(stop, ':')) {
      this.#index++;
      // Groups do not nest (RFC 5322 §3.4): a second opening only loses its name.
      if (!this.#isInGroup) this.#addresses.push({ kind: 'groupStart', name: phraseText(phrase) });
      this.#isInGroup = true;
      return;
    }
    if (stop !== undefined && isSpecial(stop, '<')) {
      this.#index++;
      this.#readAngleAddress(phrase);
    } else if (stop !== undefined && isSpecial(stop, '@')) {
      this.#index++;
      this.#readAddrSpec(phrase);
    } else if (phrase.some(isWord)) {
      // A bare word list (`undisclosed-recipients`): a local part with no domain, as Dovecot reads it.
      this.#pushMailbox(commentText(phrase), undefined, localText(phrase), '');
    }
    this.#readUntil(',;');
  }

  #closeGroup(): void {
    this.#addresses.push(GROUP_END);
    this.#isInGroup = false;
  }

  /** `phrase <[@route:]local@domain>`: the name is the phrase, or a comment when there is no phrase. */
  #readAngleAddress(phrase: readonly Token[]): void {
    let route: string | undefined;
    if (this.#isNext('@')) {
      route = rawText(this.#readUntil(':>'));
      if (this.#isNext(':')) this.#index++;
    }
    const local = this.#readUntil('@>,;');
    let domain: Token[] = [];
    if (this.#isNext('@')) {
      this.#index++;
      domain = this.#readUntil('>,;<');
    }
    if (this.#isNext('>')) this.#index++;
    const name = phraseText(phrase) || commentText(phrase);
    this.#pushMailbox(name, route === '' ? undefined : route, localText(local), domainText(domain));
  }

  /** `local@domain (comment)`: a bare addr-spec; a comment around it is the only name it has. */
  #readAddrSpec(local: readonly Token[]): void {
    const domain = this.#readUntil(',;<>');
    this.#pushMailbox(commentText([...local, ...domain]), undefined, localText(local), domainText(domain));
  }

  #pushMailbox(name: string | undefined, route: string | undefined, mailbox: string, host: string): void {
    this.#addresses.push({
      kind: 'mailbox',
      name: name === '' ? undefined : name,
      route,
      mailbox: mailbox === '' ? MISSING_MAILBOX : mailbox,
      host: host === '' ? MISSING_DOMAIN : host,
    });
  }

  #isNext(char: string): boolean {
    const token = this.#tokens[this.#index];
    return token !== undefined && isSpecial(token, char);
  }

  /** Tokens up to (not including) the first special in `stops`. */
  #readUntil(stops: string): Token[] {
    const start = this.#index;
    while (this.#index < this.#tokens.length) {
      const token = this.#tokens[this.#index]!;
      if (token.kind === 'special' && stops.includes(token.text)) break;
      this.#index++;
    }
    return this.#tokens.slice(start, this.#index);
  }
}

function isSpecial(token: Token, char: string): boolean {
  return token.kind === 'special' && token.text === char;
}

function isWord(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'quoted' || token.kind === 'literal';
}

/** A display name: words unquoted, a space where the header had one, comments and stray specials left out. */
function phraseText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (!isWord(token) && !isSpecial(token, '.')) continue;
    text += (token.isSpaced && text !== '' ? ' ' : '') + token.text;
  }
  return forHumans(text);
}

/** A local part as written: a quoted-string keeps its quotes (`"jean dupont"@example.fr`). */
function localText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (!isWord(token) && !isSpecial(token, '.')) continue;
    const piece = token.kind === 'quoted' ? `"${token.text.replace(/["\\]/g, '\\$&')}"` : token.text;
    text += (token.isSpaced && text !== '' ? ' ' : '') + piece;
  }
  return text;
}

/** A domain: its words, dots and literals without the folding whitespace RFC 5322 §4.4 allows between them. */
function domainText(tokens: readonly Token[]): string {
  return tokens
    .filter((token) => isWord(token) || isSpecial(token, '.'))
    .map((token) => token.text)
    .join('');
}

/** A source route as written, spaces and comments left out: `@a.example,@b.example`. */
function rawText(tokens: readonly Token[]): string {
  return tokens
    .filter((token) => token.kind !== 'comment')
    .map((token) => (token.kind === 'quoted' ? `"${token.text}"` : token.text))
    .join('');
}

function commentText(tokens: readonly Token[]): string | undefined {
  const comment = tokens.find((token) => token.kind === 'comment');
  const text = comment === undefined ? '' : forHumans(comment.text);
  return text === '' ? undefined : text;
}
