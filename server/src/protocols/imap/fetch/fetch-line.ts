// One `* n FETCH (…)` response line (RFC 9051 §7.5.2) written with the wire encoder, cut wherever a literal's
// octets are streamed from the store: the text before `{n}` CRLF goes out, then the octets, then the line
// goes on.

import { type EncoderOptions, ResponseWriter } from '../wire/encoder.ts';

export class FetchLine {
  readonly #writer: ResponseWriter;

  constructor(seq: number, options: EncoderOptions) {
    this.#writer = new ResponseWriter(options);
    this.#writer.untagged().number(seq).atom('FETCH').openList();
  }

  /** Text written and not yet taken, to cut a long line into several socket writes. */
  get pendingBytes(): number {
    return this.#writer.pendingBytes;
  }

  /** Writes an item name (`UID`, `BODY[1]<0>`) after its separator; its value goes to the returned writer. */
  item(name: string): ResponseWriter {
    return this.#writer.atom(name);
  }

  /** `{size}` CRLF (`~{size}` for literal8) and everything before it; exactly `size` octets must follow. */
  literalPrefix(size: number, isLiteral8: boolean): Buffer[] {
    this.#writer.atom(`${isLiteral8 ? '~' : ''}{${size}}\r\n`);
    return this.take();
  }

  /** Everything written so far; the line goes on with the next item. */
  take(): Buffer[] {
    return this.#writer.take();
  }

  /** The closing parenthesis and CRLF, with whatever was not taken yet. */
  end(): Buffer[] {
    return this.#writer.closeList().endLine().finish();
  }
}
