// The result of parsing one RFC 5322 / MIME message: envelope, threading keys, the MIME tree with exact byte offsets
// (everything IMAP BODYSTRUCTURE and BODY[section] need without reparsing, RFC 3501 §6.4.5 / §7.4.2) and search text.
// Pure data: no functions, so it can be stored as JSON by the mail store.

/** A decoded mailbox address; groups are flattened into their members. */
export interface EmailAddress {
  /** Display name, RFC 2047-decoded; '' when absent. */
  readonly name: string;
  /** addr-spec as written (best effort for invalid input; may be '' for a bare display name). */
  readonly address: string;
}

/**
 * Raw header values for IMAP ENVELOPE (RFC 3501 §7.4.2 wants the undecoded strings).
 * Each is the first occurrence of the field, unfolded (CRLF before whitespace removed), outer whitespace trimmed,
 * NOT RFC 2047-decoded. Bytes are read as UTF-8, or latin1 where they are not valid UTF-8 (raw 8-bit headers).
 */
export interface EnvelopeFields {
  readonly date?: string;
  readonly subject?: string;
  readonly from?: string;
  readonly sender?: string;
  readonly replyTo?: string;
  readonly to?: string;
  readonly cc?: string;
  readonly bcc?: string;
  readonly inReplyTo?: string;
  readonly messageId?: string;
}

/** Content-Disposition (RFC 2183), type lower case, parameters RFC 2231-decoded with lower-case keys. */
export interface Disposition {
  readonly type: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A message nested in a message/rfc822 (or message/global) part. */
export interface EncapsulatedMessage {
  readonly envelope: EnvelopeFields;
  /** The nested message's own tree; its root follows the same partId rule as a top-level message (see MimePart.partId). */
  readonly structure: MimePart;
}

/**
 * One MIME entity. Offsets are absolute byte offsets into the raw message exactly as given (CRLF or bare LF).
 *
 * partId follows RFC 3501 §6.4.5 section numbers:
 * - a top-level non-multipart message: the root is part '1' (BODY[1] = BODY[TEXT]);
 * - a top-level multipart message: the root has partId '' and its children are '1', '2', …, grandchildren '2.1', …;
 * - a message/rfc822 part 'P' holds the nested message's root (in `message.structure`): 'P.1' when not multipart,
 *   or, when it is multipart, partId 'P' again (it has no section number of its own) with children 'P.1', 'P.2', ….
 *   Look parts up by walking from the root (the message/rfc822 part is found before its multipart child).
 * A top-level message whose own type is message/rfc822 follows the same rule with 'P' = '1'.
 */
export interface MimePart {
  readonly partId: string;
  /**
   * Lower case; 'text'/'plain' when Content-Type is absent or unusable (RFC 2045 §5.2), 'message'/'rfc822' in a
   * multipart/digest. A multipart with no usable boundary is 'text'/'plain'; one beyond maxDepth is
   * 'application'/'octet-stream' (opaque). The raw header keeps the declared type.
   */
  readonly type: string;
  readonly subtype: string;
  /** Content-Type parameters, RFC 2231-decoded (continuations and charsets joined), lower-case keys. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Content-ID without angle brackets. */
  readonly id?: string;
  readonly description?: string;
  /** Content-Transfer-Encoding, lower case; '7bit' when absent. */
  readonly encoding: string;
  readonly disposition?: Disposition;
  readonly language?: string[];
  readonly location?: string;
  readonly md5?: string;
  /** Header block [headerStart, headerEnd), including the blank line that ends it: BODY[n.MIME] (or BODY[HEADER] at a message root). */
  readonly headerStart: number;
  readonly headerEnd: number;
  /** Body [bodyStart, bodyEnd): exactly what BODY[n] returns; for a multipart child it stops before the CRLF that precedes the next boundary. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** bodyEnd - bodyStart, the encoded size IMAP BODYSTRUCTURE reports. */
  readonly bodySize: number;
  /** Lines in the body (line feeds, plus one for a last line without one), reported for text/* and message/rfc822. */
  readonly bodyLines: number;
  /** Children of a multipart (never empty for type 'multipart'); empty for every other part. */
  readonly children: MimePart[];
  /**
   * The encapsulated message of a message/rfc822 or message/global part (always present for those types: one that
   * cannot be parsed in place — too deep, over maxParts, or base64/quoted-printable encoded — is reported as
   * application/octet-stream). Its root is not repeated in `children`.
   */
  readonly message?: EncapsulatedMessage;
}

/** An attachment or inline non-text part, for listings, search and the "has attachment" flag. */
export interface AttachmentInfo {
  readonly partId: string;
  /** File name from Content-Disposition filename or Content-Type name, decoded; '' when none. */
  readonly name: string;
  /** 'type/subtype', lower case. */
  readonly type: string;
  /** Decoded size in bytes (after base64 / quoted-printable). */
  readonly size: number;
  readonly disposition: 'attachment' | 'inline';
  /** Content-ID without angle brackets. */
  readonly cid?: string;
}

/** Problems found and worked around; the parse result is still usable. */
export type ParseDefect =
  | 'noHeaderSeparator'
  | 'headerTooLarge'
  | 'missingBoundary'
  | 'missingFinalBoundary'
  | 'tooManyParts'
  | 'tooDeep'
  | 'invalidBase64'
  | 'unknownCharset'
  | 'nulBytes'
  | 'bodyTextTruncated'
  | 'structureIncomplete';

export interface ParsedMessage {
  /** Size of the raw message in bytes (RFC822.SIZE). */
  readonly size: number;
  /** Bytes of the top-level header block including the blank line (BODY[HEADER] length). */
  readonly headerSize: number;
  /** Lines of the whole raw message. */
  readonly lineCount: number;
  /** Message-ID without angle brackets. */
  readonly messageId?: string;
  /** Message-IDs from In-Reply-To, without angle brackets, in header order. */
  readonly inReplyTo: string[];
  /** Message-IDs from References, without angle brackets, in header order (oldest first). */
  readonly references: string[];
  /** Decoded, unfolded subject; '' when absent. */
  readonly subject: string;
  /** RFC 5256 §2.1 base subject (Re:, Fwd:, TR :, [list] … stripped), for threading and SORT SUBJECT. */
  readonly normalizedSubject: string;
  /** Date: header in ms since the epoch; undefined when absent or unparseable. */
  readonly sentAt?: number;
  readonly from: EmailAddress[];
  readonly sender: EmailAddress[];
  readonly replyTo: EmailAddress[];
  readonly to: EmailAddress[];
  readonly cc: EmailAddress[];
  readonly bcc: EmailAddress[];
  /** List-Id identifier (RFC 2919) without angle brackets. */
  readonly listId?: string;
  /** First characters of the text body, whitespace collapsed. */
  readonly preview: string;
  readonly hasAttachment: boolean;
  readonly attachments: AttachmentInfo[];
  /** Text for the search index: text/plain parts, HTML reduced to text; bounded by maxBodyText. */
  readonly bodyText: string;
  readonly structure: MimePart;
  /** Raw header values for IMAP ENVELOPE. */
  readonly envelope: EnvelopeFields;
  readonly defects: ParseDefect[];
}

/** Bounds on the work done for one message; every one has a default (MAX_* in parse-message.ts). */
export interface ParseOptions {
  /** Maximum characters of bodyText (default 1 MiB). */
  readonly maxBodyText?: number;
  /** Maximum MIME parts, nested messages included (default 1000); later parts stay inside their parent's body. */
  readonly maxParts?: number;
  /** Maximum nesting of multiparts and message/rfc822 (default 20); deeper ones are application/octet-stream. */
  readonly maxDepth?: number;
  /**
   * Bytes of each header block whose fields are read (default 2 MiB); the offsets still cover the whole block.
   * A block beyond 4× this stops the structure there (defect 'headerTooLarge' or 'structureIncomplete').
   */
  readonly maxHeaderBytes?: number;
}
