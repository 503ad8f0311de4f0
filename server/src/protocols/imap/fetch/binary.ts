// FETCH BINARY[section]<partial> and BINARY.SIZE[section] (RFC 3516, RFC 9051 §6.4.5 / §7.5.2): a leaf part
// with its Content-Transfer-Encoding removed, text parts with CRLF line ends. The size is the decoded size,
// found by decoding (bounded by the part's stored size), never by sending it.

import { findPart, type MimePart } from '#formats/mime';
import type { Partial as PartialRange, SectionSpec } from '../wire/section-spec.ts';
import type { StoredMessage } from './section-bytes.ts';
import {
  bodySize,
  type ChunkTransform,
  emptyBody,
  rangeBody,
  type SectionBody,
  sliceBody,
  transformedBody,
} from './section-body.ts';
import { decodeBase64Chunks, decodeQuotedPrintableChunks, repairLineEnds } from './transfer-streams.ts';

export interface BinaryMessage extends StoredMessage {
  /** The stored octets hold a NUL somewhere (the parser's 'nulBytes' defect): identity parts must be scanned. */
  readonly mayHoldNul: boolean;
}

/** Why a BINARY item cannot be answered: the FETCH fails with a tagged NO carrying this code. */
export interface BinaryRefusal {
  readonly code: 'UNKNOWN-CTE' | 'CANNOT';
  readonly text: string;
}

export type BinaryOutcome =
  | { readonly isRefused: false; readonly body: SectionBody }
  | ({ readonly isRefused: true } & BinaryRefusal);

/** RFC 2045 §6.2: these leave the octets as they are. */
const IDENTITY_ENCODINGS: ReadonlySet<string> = new Set(['7bit', '8bit', 'binary', '']);

const DECODERS: Readonly<Record<string, ChunkTransform>> = {
  base64: decodeBase64Chunks,
  'quoted-printable': decodeQuotedPrintableChunks,
};

/** The decoded octets of BINARY[section]<partial>, or why they cannot be sent. */
export async function binarySection(
  message: BinaryMessage,
  section: SectionSpec,
  partial: PartialRange | undefined,
): Promise<BinaryOutcome> {
  const found = binaryPart(message, section);
  if (found.isRefused) return found;
  if (found.part === undefined) return { isRefused: false, body: emptyBody() };
  return { isRefused: false, body: sliceBody(await decodedBody(message, found.part), partial) };
}

/** BINARY.SIZE[section]: the size BINARY[section] would send; 0 for a section the message does not have. */
export async function binarySize(
  message: BinaryMessage,
  section: SectionSpec,
): Promise<
  { readonly isRefused: false; readonly size: number } | ({ readonly isRefused: true } & BinaryRefusal)
> {
  const outcome = await binarySection(message, section, undefined);
  if (outcome.isRefused) return outcome;
  return { isRefused: false, size: bodySize(outcome.body) };
}

/**
 * The leaf part BINARY names. A nonexistent part is empty, like BODY (RFC 3516 does not say otherwise;
 * Dovecot does the same). The whole message and a multipart are refused: their octets hold MIME headers and
 * the still-encoded parts, so no single Content-Transfer-Encoding can be removed from them (RFC 3516 §4.2
 * defines BINARY on a part's content; clients fetch BINARY[n] of the leaves).
 */
function binaryPart(
  message: BinaryMessage,
  section: SectionSpec,
):
  | { readonly isRefused: false; readonly part: MimePart | undefined }
  | ({ readonly isRefused: true } & BinaryRefusal) {
  if (section.part.length === 0) {
    return {
      isRefused: true,
      code: 'CANNOT',
      text: 'BINARY[] of a whole message is not supported: fetch BINARY[n] of its parts',
    };
  }
  const part = findPart(message.structure, section.part.join('.'));
  if (part === undefined) return { isRefused: false, part: undefined };
  if (part.type === 'multipart') {
    return {
      isRefused: true,
      code: 'CANNOT',
      text: `BINARY[${section.part.join('.')}] is a multipart: fetch BINARY of its parts`,
    };
  }
  const encoding = (part.encoding ?? '').toLowerCase();
  if (!IDENTITY_ENCODINGS.has(encoding) && DECODERS[encoding] === undefined) {
    // RFC 3516 §4.3 / RFC 9051 §7.5.2: the server MUST fail the request with UNKNOWN-CTE.
    return {
      isRefused: true,
      code: 'UNKNOWN-CTE',
      text: `Cannot decode Content-Transfer-Encoding ${printableToken(encoding)}`,
    };
  }
  return { isRefused: false, part };
}

/** The part's content decoded, with CRLF line ends for text/*; scanned or measured only when needed. */
async function decodedBody(message: BinaryMessage, part: MimePart): Promise<SectionBody> {
  const range = { start: part.bodyStart, end: part.bodyEnd };
  const encoding = (part.encoding ?? '').toLowerCase();
  const decode = DECODERS[encoding];
  const isText = part.type === 'text';
  // An identity-encoded part of a message without NUL and not text is sent as stored: size known, no pass.
  if (decode === undefined && !isText && !message.mayHoldNul)
    return rangeBody(message.read, range, message.size);
  const transform: ChunkTransform = (input) => {
    const decoded = decode === undefined ? input : decode(input);
    return isText ? repairLineEnds(decoded) : decoded;
  };
  const clamped = rangeBody(message.read, range, message.size);
  if (clamped.kind !== 'range') return emptyBody();
  return transformedBody(message.read, clamped.range, transform, { replacesNul: false });
}

/** An encoding name to show in a response text: short and printable. */
function printableToken(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return `"${shown.replace(/[^\x21-\x7e]/g, '?')}"`;
}
