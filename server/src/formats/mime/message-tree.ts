// Builds the MimePart tree of one message (top-level or nested) with RFC 3501 §6.4.5 part numbers and absolute byte
// offsets: mailsplit gives the nodes and header offsets, delimiter-scan.ts the exact body ends, and message/rfc822
// bodies are parsed recursively on their own byte range.
// Security: recursion bounded by maxDepth, nodes by the shared part budget; all offsets clamped to the input.

import { DelimiterScanner } from './delimiter-scan.ts';
import { findHeaderEnd, type HeaderBlock, readHeaderBlock } from './header-block.ts';
import type { EnvelopeFields, MimePart, ParseDefect } from './parsed-message.ts';
import { describePart, type PartHeaders } from './part-headers.ts';
import { type PartBudget, type SplitNode, splitStructure } from './split-structure.ts';

export interface TreeContext {
  readonly budget: PartBudget;
  readonly defects: Set<ParseDefect>;
  readonly maxDepth: number;
  readonly maxHeaderBytes: number;
  readonly maxHeadCost: number;
}

export interface BuiltMessage {
  readonly root: MimePart;
  readonly header: HeaderBlock;
  readonly envelope: EnvelopeFields;
}

/** Body range of a node, relative to the message being built. */
interface Extent {
  readonly node: SplitNode;
  /** The node's header end, pulled back when a delimiter cuts the header short (see measure). */
  readonly headerEnd: number;
  readonly bodyEnd: number;
  /** The delimiter that ended this part was a non-closing one of its own parent: a next sibling follows. */
  readonly isFollowed: boolean;
  readonly isClosedByParent: boolean;
  readonly children: Extent[];
}

/** Parse the message in `bytes` (offsets reported as `base` + position) whose section prefix is `prefix`. */
export async function buildMessage(
  context: TreeContext,
  bytes: Buffer,
  base: number,
  prefix: string,
  depth: number,
): Promise<BuiltMessage> {
  const split = await splitStructure(bytes, depth, context.budget, {
    maxDepth: context.maxDepth,
    maxHeadCost: context.maxHeadCost,
  });
  if (split.isIncomplete) context.defects.add(split.root ? 'structureIncomplete' : 'headerTooLarge');
  const root: SplitNode = split.root ?? fallbackRoot(bytes, depth);
  const scanner = new DelimiterScanner(bytes);
  const extent = measure(root, [], bytes.length, scanner, context.budget);
  const builder = new TreeBuilder(context, bytes, base);
  const part = await builder.build(extent, rootPartId(prefix, extent.children.length > 0), '');
  const header = readHeaderBlock(bytes, root.headerStart, root.headerEnd, context.maxHeaderBytes);
  if (depth === 0 && !endsWithBlankLine(bytes, root.headerEnd)) context.defects.add('noHeaderSeparator');
  return { root: part, header, envelope: envelopeOf(header) };
}

/** A message's root: '' (top level) or the message/rfc822 part's own number when multipart, else '1' / 'P.1'. */
function rootPartId(prefix: string, isMultipart: boolean): string {
  if (isMultipart) return prefix;
  return prefix === '' ? '1' : `${prefix}.1`;
}

function childPartId(parentId: string, index: number): string {
  return parentId === '' ? String(index + 1) : `${parentId}.${index + 1}`;
}

/** When mailsplit produced nothing usable: one part, header up to the first blank line. */
function fallbackRoot(bytes: Buffer, depth: number): SplitNode {
  const headerEnd = findHeaderEnd(bytes, 0, bytes.length);
  return {
    headerStart: 0,
    headerEnd,
    depth,
    boundary: undefined,
    multipartSubtype: undefined,
    isTooDeep: false,
    children: [],
  };
}

function endsWithBlankLine(bytes: Buffer, headerEnd: number): boolean {
  if (headerEnd === 0 || bytes[headerEnd - 1] !== 0x0a) return false;
  if (headerEnd === 1) return true;
  if (bytes[headerEnd - 2] === 0x0a) return true;
  return bytes[headerEnd - 2] === 0x0d && (headerEnd === 2 || bytes[headerEnd - 3] === 0x0a);
}

/**
 * Body ends, children first: a child ends before the first delimiter of its parent or any ancestor after its own
 * content; a part no delimiter ends runs to the end of the message (missing final boundary).
 */
function measure(
  node: SplitNode,
  outer: readonly Buffer[],
  end: number,
  scanner: DelimiterScanner,
  budget: PartBudget,
): Extent {
  const inner = node.boundary ? [node.boundary, ...outer] : outer;
  const children: Extent[] = [];
  let position = node.headerEnd;
  for (const child of node.children) {
    for (const dropped of droppedParts(node, position, child.headerStart, scanner, budget)) {
      children.push(measure(dropped, inner, end, scanner, budget));
    }
    const extent = measure(child, inner, end, scanner, budget);
    children.push(extent);
    position = extent.bodyEnd;
  }
  if (outer.length === 0) {
    return {
      node,
      headerEnd: node.headerEnd,
      bodyEnd: end,
      isFollowed: false,
      isClosedByParent: true,
      children,
    };
  }
  let from = position;
  if (node.boundary && children.length > 0) {
    // Our own closing delimiter is part of our body; skipping it matters when a nested multipart reuses its
    // parent's boundary (mailsplit matches a node's own boundary first).
    const own = scanner.first(from, [node.boundary]);
    const next = scanner.first(from, outer);
    if (own?.isClosing && (next === undefined || own.lineStart <= next.lineStart)) from = own.lineEnd;
  }
  const delimiter = scanner.first(from, outer);
  const parentBoundary = outer[0];
  // A header that runs into the next delimiter (no blank line) ends before the line break that belongs to the
  // delimiter, like any part content; its body is empty.
  const isHeaderCut = delimiter !== undefined && delimiter.lineStart <= node.headerEnd;
  const headerEnd = isHeaderCut ? Math.max(node.headerStart, delimiter.bodyEnd) : node.headerEnd;
  return {
    node,
    headerEnd,
    bodyEnd: delimiter ? Math.max(headerEnd, delimiter.bodyEnd) : end,
    isFollowed: delimiter !== undefined && delimiter.boundary === parentBoundary && !delimiter.isClosing,
    isClosedByParent: delimiter !== undefined && delimiter.boundary === parentBoundary && delimiter.isClosing,
    children,
  };
}

/**
 * mailsplit drops a part whose header is cut short by the next delimiter ("--b", header lines, "--b"), so its
 * siblings would be misnumbered. Between `from` (the end of the previous sibling) and the next recorded child,
 * every delimiter but the last starts such a part: put it back as a part with a header and an empty body.
 */
function droppedParts(
  node: SplitNode,
  from: number,
  nextChildStart: number,
  scanner: DelimiterScanner,
  budget: PartBudget,
): SplitNode[] {
  if (node.boundary === undefined) return [];
  const boundaries = [node.boundary];
  const dropped: SplitNode[] = [];
  let delimiter = scanner.first(from, boundaries);
  while (delimiter && !delimiter.isClosing && delimiter.lineEnd < nextChildStart && budget.remaining > 0) {
    const next = scanner.first(delimiter.lineEnd, boundaries);
    if (next === undefined || next.lineStart >= nextChildStart) break;
    budget.remaining--;
    dropped.push({
      headerStart: delimiter.lineEnd,
      headerEnd: next.lineStart,
      depth: node.depth + 1,
      boundary: undefined,
      multipartSubtype: undefined,
      isTooDeep: false,
      children: [],
    });
    delimiter = next;
  }
  return dropped;
}

class TreeBuilder {
  private readonly context: TreeContext;
  private readonly bytes: Buffer;
  private readonly base: number;

  constructor(context: TreeContext, bytes: Buffer, base: number) {
    this.context = context;
    this.bytes = bytes;
    this.base = base;
  }

  async build(extent: Extent, partId: string, parentSubtype: string): Promise<MimePart> {
    const { node } = extent;
    const bodyStart = extent.headerEnd;
    const bodyEnd = Math.max(bodyStart, extent.bodyEnd);
    const headers = describePart(
      readHeaderBlock(this.bytes, node.headerStart, bodyStart, this.context.maxHeaderBytes),
      parentSubtype,
    );
    if (headers.isTruncated) this.context.defects.add('headerTooLarge');
    const children: MimePart[] = [];
    let { type, subtype } = headers;
    let message: MimePart['message'];
    if (extent.children.length > 0) {
      type = 'multipart';
      subtype = node.multipartSubtype ?? subtype;
      this.checkClosing(extent);
      for (const [index, child] of extent.children.entries()) {
        children.push(await this.build(child, childPartId(partId, index), subtype));
      }
    } else if (type === 'multipart') {
      // No part split out: too deep (opaque), or no usable boundary (RFC 2045 §5.2: treat as plain text).
      this.context.defects.add(node.isTooDeep ? 'tooDeep' : 'missingBoundary');
      ({ type, subtype } = node.isTooDeep ? OPAQUE : PLAIN);
    } else if (type === 'message' && (subtype === 'rfc822' || subtype === 'global')) {
      message = await this.nested(headers, partId, node.depth, bodyStart, bodyEnd);
      if (message === undefined) ({ type, subtype } = OPAQUE);
    }
    return {
      partId,
      type,
      subtype,
      parameters: headers.parameters,
      ...(headers.id === undefined ? {} : { id: headers.id }),
      ...(headers.description === undefined ? {} : { description: headers.description }),
      encoding: headers.encoding,
      ...(headers.disposition === undefined ? {} : { disposition: headers.disposition }),
      ...(headers.language === undefined ? {} : { language: headers.language }),
      ...(headers.location === undefined ? {} : { location: headers.location }),
      ...(headers.md5 === undefined ? {} : { md5: headers.md5 }),
      headerStart: this.base + node.headerStart,
      headerEnd: this.base + bodyStart,
      bodyStart: this.base + bodyStart,
      bodyEnd: this.base + bodyEnd,
      bodySize: bodyEnd - bodyStart,
      bodyLines: countLines(this.bytes, bodyStart, bodyEnd),
      children,
      ...(message === undefined ? {} : { message }),
    };
  }

  /** A multipart whose last part is not followed by its closing delimiter; or parts left out over the budget. */
  private checkClosing(extent: Extent): void {
    const last = extent.children.at(-1);
    if (last === undefined) return;
    if (last.isFollowed)
      this.context.defects.add(this.context.budget.isExhausted ? 'tooManyParts' : 'structureIncomplete');
    else if (!last.isClosedByParent) this.context.defects.add('missingFinalBoundary');
  }

  /** Parse an encapsulated message in place; undefined when it must stay opaque. */
  private async nested(
    headers: PartHeaders,
    partId: string,
    depth: number,
    bodyStart: number,
    bodyEnd: number,
  ): Promise<MimePart['message']> {
    // RFC 2046 §5.2.1: only 7bit, 8bit or binary; an encoded message has no byte offsets in the raw message.
    if (!['7bit', '8bit', 'binary'].includes(headers.encoding)) return undefined;
    if (depth + 1 > this.context.maxDepth) {
      this.context.defects.add('tooDeep');
      return undefined;
    }
    if (this.context.budget.remaining <= 0) {
      this.context.budget.isExhausted = true;
      this.context.defects.add('tooManyParts');
      return undefined;
    }
    const inner = this.bytes.subarray(bodyStart, bodyEnd);
    const built = await buildMessage(this.context, inner, this.base + bodyStart, partId, depth + 1);
    return { envelope: built.envelope, structure: built.root };
  }
}

const OPAQUE = { type: 'application', subtype: 'octet-stream' } as const;
const PLAIN = { type: 'text', subtype: 'plain' } as const;

/** Lines as IMAP counts them: line feeds, plus one for a last line without one. */
export function countLines(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start) return 0;
  // A view of the range, so a search never runs past `end` into the rest of the message.
  const range = bytes.subarray(start, end);
  let lines = 0;
  for (let position = range.indexOf(0x0a); position >= 0; position = range.indexOf(0x0a, position + 1))
    lines++;
  return range[range.length - 1] === 0x0a ? lines : lines + 1;
}

const ENVELOPE_FIELDS = {
  date: 'date',
  subject: 'subject',
  from: 'from',
  sender: 'sender',
  replyTo: 'reply-to',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  inReplyTo: 'in-reply-to',
  messageId: 'message-id',
} as const;

function envelopeOf(header: HeaderBlock): EnvelopeFields {
  const envelope: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENVELOPE_FIELDS)) {
    const field = header.fields.find((candidate) => candidate.name === name);
    if (field) envelope[key] = field.value;
  }
  return envelope;
}
