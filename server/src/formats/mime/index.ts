// Public surface of the MIME codec (#formats/mime): parse a raw message once, then serve IMAP sections, decoded
// bodies and text from the stored offsets without reparsing.

export { partText, decodeCharset } from './charset-decoding.ts';
export { htmlToText } from './html-to-text.ts';
export { CACHED_HEADER_FIELDS, headerCacheOf, isCachedHeaderFieldList } from './header-cache.ts';
export { findHeaderEnd } from './header-block.ts';
export { filterHeaderBlock, HeaderFieldFilter, keptHeaderLines, rangesSize } from './header-field-filter.ts';
export { baseSubject } from './base-subject.ts';
export { boundReferences, decodeText, parseAddressList, parseMessageIds } from './header-values.ts';
export { MAX_BODY_TEXT, MAX_DEPTH, MAX_HEADER_BYTES, MAX_PARTS, parseMessage } from './parse-message.ts';
export type {
  AttachmentInfo,
  Disposition,
  EmailAddress,
  EncapsulatedMessage,
  EnvelopeFields,
  MimePart,
  ParseDefect,
  ParsedMessage,
  ParseOptions,
} from './parsed-message.ts';
export { allParts, findPart } from './part-tree.ts';
export { type ByteRange, sectionRange } from './section-range.ts';
export { type ThreadKeys, threadKeys } from './thread-keys.ts';
export { decodeBody, decodedSize } from './transfer-decoding.ts';
