// Runs @zone-eu/mailsplit over one message and records its MIME nodes with exact header offsets, taken from the
// chunks themselves (views into our buffer), so header bytes mailsplit drops cannot shift anything. Part ends come
// later from delimiter-scan.ts. Security: no nodes past the part budget or beyond maxDepth (mailsplit is told to
// stop splitting); a splitter error ends the structure where it stopped instead of failing the parse.

import { Splitter } from '@zone-eu/mailsplit';
import type { MessageChunk, SplitterChunk } from '@zone-eu/mailsplit';
import type { Transform } from 'node:stream';

type SplitterNode = Exclude<SplitterChunk, MessageChunk>;

/** mailsplit counts every node it allocates, including ones it then drops; this bounds those beyond our own budget. */
const SPLITTER_NODE_FACTOR = 4;

export interface SplitNode {
  readonly headerStart: number;
  readonly headerEnd: number;
  readonly depth: number;
  /** The boundary mailsplit split this node by; undefined for leaves, opaque nodes and multiparts without one. */
  readonly boundary: Buffer | undefined;
  /** mailsplit's multipart subtype when it saw a multipart Content-Type. */
  readonly multipartSubtype: string | undefined;
  /** A multipart beyond maxDepth whose children were not split out. */
  readonly isTooDeep: boolean;
  readonly children: SplitNode[];
}

/** Parts still allowed for the whole message, shared by nested message/rfc822 parses. */
export interface PartBudget {
  remaining: number;
  isExhausted: boolean;
}

export interface SplitResult {
  /** Undefined when the splitter failed before the top-level header ended (e.g. a header over its size limit). */
  readonly root: SplitNode | undefined;
  /** The splitter stopped with an error; nodes after that point are missing. */
  readonly isIncomplete: boolean;
}

export interface SplitLimits {
  readonly maxDepth: number;
  /** mailsplit's header budget (its cost counts short lines as 64 bytes). */
  readonly maxHeadCost: number;
}

interface MutableNode extends SplitNode {
  readonly children: MutableNode[];
}

/** Split `bytes` (one whole message, nested or not; depth is that message's root depth). */
export function splitStructure(
  bytes: Buffer,
  depth: number,
  budget: PartBudget,
  limits: SplitLimits,
): Promise<SplitResult> {
  const splitter = new Splitter({
    ignoreEmbedded: true,
    maxHeadSize: limits.maxHeadCost,
    maxChildNodes: Math.max(1, budget.remaining) * SPLITTER_NODE_FACTOR,
  });
  const recorded = new Map<SplitterNode, MutableNode>();
  let root: MutableNode | undefined;
  let cursor = 0;
  let isIncomplete = false;

  const onNode = (node: SplitterNode): void => {
    const parent = node.parentNode ? recorded.get(node.parentNode) : undefined;
    if ((node.parentNode && parent === undefined) || budget.remaining <= 0) {
      stopSplitting(node);
      return;
    }
    budget.remaining--;
    const headerStart = cursor;
    const headerEnd = Math.min(bytes.length, headerStart + node._headerlen);
    cursor = headerEnd;
    const nodeDepth = parent ? parent.depth + 1 : depth;
    const isTooDeep = node.multipart !== false && nodeDepth >= limits.maxDepth;
    const boundary = node.multipart !== false && !isTooDeep && node._boundary ? node._boundary : undefined;
    // mailsplit splits any node with a boundary parameter, even text/plain; only a multipart has parts (RFC 2046
    // §5.1), and one beyond maxDepth stays opaque. A boundary mailsplit no longer sees is one it will not split by.
    if (boundary === undefined) node._boundary = false;
    const record: MutableNode = {
      headerStart,
      headerEnd,
      depth: nodeDepth,
      boundary,
      multipartSubtype: node.multipart === false ? undefined : node.multipart,
      isTooDeep,
      children: [],
    };
    recorded.set(node, record);
    if (parent) parent.children.push(record);
    else root = record;
    if (budget.remaining <= 0) {
      budget.isExhausted = true;
      stopSplitting(node);
    }
  };

  const onChunk = (chunk: MessageChunk): void => {
    const value = chunk.value;
    // Every chunk is a view into `bytes` except the odd one-byte copy mailsplit makes of a pending CR. A copy can
    // share the ArrayBuffer (Node's buffer pool) but never lies inside our range, which was allocated before it.
    const isView =
      value.buffer === bytes.buffer &&
      value.byteOffset >= bytes.byteOffset &&
      value.byteOffset + value.length <= bytes.byteOffset + bytes.length;
    const start = isView ? value.byteOffset - bytes.byteOffset : cursor;
    cursor = Math.min(bytes.length, start + value.length);
  };

  return new Promise((resolve) => {
    let isDone = false;
    const finish = (): void => {
      if (isDone) return;
      isDone = true;
      resolve({ root, isIncomplete });
    };
    splitter.on('data', (data: SplitterChunk) => {
      try {
        if (data.type === 'node') onNode(data);
        else onChunk(data);
      } catch {
        // A bug here must not escape into mailsplit's setImmediate loop, where it would crash the process.
        isIncomplete = true;
        splitter.destroy();
        finish();
      }
    });
    // mailsplit's typings only declare 'data'; the other events are the Transform's own.
    const stream = splitter as unknown as Transform;
    stream.on('error', () => {
      isIncomplete = true;
      finish();
    });
    stream.on('end', finish);
    stream.on('close', finish);
    splitter.end(bytes);
  });
}

/**
 * Make mailsplit treat every open multipart as having no boundary, so it creates no further nodes and emits the
 * rest as content. Our own delimiter scan still knows the real boundaries, so the recorded parts keep exact ends.
 */
function stopSplitting(node: SplitterNode): void {
  node._boundary = false;
  for (let owner = node._parentBoundaryOwner; owner; owner = owner._parentBoundaryOwner)
    owner._boundary = false;
  for (let parent = node.parentNode; parent; parent = parent.parentNode) parent._boundary = false;
}
