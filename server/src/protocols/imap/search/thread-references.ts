// THREAD=REFERENCES (RFC 5256 §4), step by step as the RFC numbers them: link messages by their references,
// gather the root set, prune dummies, sort the roots by sent date, merge roots with the same base subject, sort
// every sibling set. Iterative wherever the tree's depth is the client's to choose; loops are never linked.
// Security: containers bounded by maxThreadContainers, references per message by maxThreadReferences (the
// caller), each loop check by maxThreadAncestors.

import { SearchError } from './search-errors.ts';
import type { SearchLimits } from './search-limits.ts';

/** One message to thread, in ascending sequence order. */
export interface ThreadMessage {
  /** What the response shows: sequence number or UID. */
  readonly number: number;
  /** Breaks ties between equal dates (RFC 5256 §2.2). */
  readonly sequence: number;
  /** Sent date (§2.2): Date: header, else internal date. */
  readonly sentAt: number;
  /** Normalised Message-ID, undefined when the message has none. */
  readonly messageId: string | undefined;
  /** Normalised references, oldest first: References, else the first In-Reply-To id. */
  readonly references: readonly string[];
  /** Base subject, case-mapped ('' when empty). */
  readonly subject: string;
  readonly isReplyOrForward: boolean;
}

/** A thread: a message (number) or a dummy (undefined, only at the top) and its children in order. */
export interface ThreadTree {
  readonly number: number | undefined;
  readonly children: readonly ThreadTree[];
}

interface Container {
  message: ThreadMessage | undefined;
  parent: Container | undefined;
  children: Container[];
}

export function threadByReferences(messages: readonly ThreadMessage[], limits: SearchLimits): ThreadTree[] {
  const root = newContainer(undefined);
  root.children = linkByReferences(messages, limits).filter((container) => container.parent === undefined);
  for (const child of root.children) child.parent = root;
  pruneDummies(root);
  sortSiblings(root.children);
  mergeBySubject(root);
  sortTree(root);
  return root.children.map(toTree);
}

/** Step 1: every container made, messages and referenced ids linked. Returns all containers. */
function linkByReferences(messages: readonly ThreadMessage[], limits: SearchLimits): Container[] {
  const byId = new Map<string, Container>();
  const all: Container[] = [];
  const make = (message: ThreadMessage | undefined): Container => {
    if (all.length >= limits.maxThreadContainers) {
      throw new SearchError('limit', `Too many messages and references to thread: narrow the search`);
    }
    const container = newContainer(message);
    all.push(container);
    return container;
  };
  const containerOf = (id: string): Container => {
    let container = byId.get(id);
    if (container === undefined) {
      container = make(undefined);
      byId.set(id, container);
    }
    return container;
  };
  const wouldLoop = (parent: Container, child: Container) => isAncestorOrSelf(child, parent, limits);
  for (const message of messages) {
    // A message without Message-ID, or whose id an earlier message has, gets a container of its own.
    const known = message.messageId === undefined ? undefined : containerOf(message.messageId);
    const own = known !== undefined && known.message === undefined ? known : make(undefined);
    own.message = message;
    // (A) references linked in order; an existing link is kept
    const references = message.references;
    for (let index = 0; index + 1 < references.length; index++) {
      const parent = containerOf(references[index]!);
      const child = containerOf(references[index + 1]!);
      if (child.parent === undefined && !wouldLoop(parent, child)) link(parent, child);
    }
    // (B) the last reference is the parent, replacing a link a truncated References made
    if (own.parent !== undefined) unlink(own);
    const last = references[references.length - 1];
    if (last !== undefined) {
      const parent = containerOf(last);
      if (!wouldLoop(parent, own)) link(parent, own);
    }
  }
  return all;
}

/** Is `ancestor` the node itself or above it? A chain deeper than the bound counts as a loop (no link). */
function isAncestorOrSelf(ancestor: Container, node: Container, limits: SearchLimits): boolean {
  let steps = 0;
  for (let current: Container | undefined = node; current !== undefined; current = current.parent) {
    if (current === ancestor || ++steps > limits.maxThreadAncestors) return true;
  }
  return false;
}

/** Step 3: dummies without children go; others are replaced by their children, except at the top with 2+. */
function pruneDummies(root: Container): void {
  const stack = [root];
  for (let parent = stack.pop(); parent !== undefined; parent = stack.pop()) {
    const pending = [...parent.children].reverse();
    const kept: Container[] = [];
    for (let child = pending.pop(); child !== undefined; child = pending.pop()) {
      const isPromoted = child.message === undefined && (parent !== root || child.children.length <= 1);
      if (isPromoted) {
        // Spliced in the dummy's place, in order, and looked at again (they may be dummies too).
        for (let index = child.children.length - 1; index >= 0; index--) pending.push(child.children[index]!);
        continue;
      }
      child.parent = parent;
      kept.push(child);
      stack.push(child);
    }
    parent.children = kept;
  }
}

/** Step 5: roots with the same base subject become one thread. */
function mergeBySubject(root: Container): void {
  const table = new Map<string, Container>();
  for (const container of root.children) {
    const subject = threadSubject(container);
    if (subject === '') continue;
    const current = table.get(subject);
    if (
      current === undefined ||
      (current.message !== undefined &&
        (container.message === undefined ||
          (current.message.isReplyOrForward && !container.message.isReplyOrForward)))
    ) {
      table.set(subject, container);
    }
  }
  const removed = new Set<Container>();
  const replaced = new Map<Container, Container>();
  // The roots are detached while they move, so no move has to find them in the root's list.
  const roots = root.children;
  root.children = [];
  for (const container of roots) container.parent = undefined;
  for (const container of roots) {
    const subject = threadSubject(container);
    const holder = subject === '' ? undefined : table.get(subject);
    if (holder === undefined || holder === container) continue;
    removed.add(container);
    if (holder.message === undefined && container.message === undefined) {
      for (const child of container.children) {
        child.parent = holder;
        holder.children.push(child);
      }
      container.children = [];
    } else if (holder.message === undefined) link(holder, container);
    else if (container.message?.isReplyOrForward === true && !holder.message.isReplyOrForward) {
      link(holder, container);
    } else {
      const dummy = newContainer(undefined);
      replaced.set(holder, dummy);
      link(dummy, holder);
      link(dummy, container);
      table.set(subject, dummy);
    }
  }
  root.children = roots.flatMap((container) =>
    removed.has(container) ? [] : [replaced.get(container) ?? container],
  );
  for (const child of root.children) child.parent = root;
}

/** The base subject of a root: its own, or its first child's for a dummy. */
function threadSubject(container: Container): string {
  return (container.message ?? container.children[0]?.message)?.subject ?? '';
}

/** Step 6: every sibling set by sent date, deepest first, so a dummy's first child is known before it sorts. */
function sortTree(root: Container): void {
  const order = breadthFirst(root);
  for (let index = order.length - 1; index >= 0; index--) sortSiblings(order[index]!.children);
}

/** Siblings by sent date, then sequence; a dummy by its first child (sorted first). */
function sortSiblings(siblings: Container[]): void {
  for (const sibling of siblings) if (sibling.message === undefined) sibling.children.sort(byDate);
  siblings.sort(byDate);
}

function byDate(a: Container, b: Container): number {
  const x = a.message ?? a.children[0]?.message;
  const y = b.message ?? b.children[0]?.message;
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
  return x.sentAt - y.sentAt || x.sequence - y.sequence;
}

function newContainer(message: ThreadMessage | undefined): Container {
  return { message, parent: undefined, children: [] };
}

function link(parent: Container, child: Container): void {
  if (child.parent !== undefined) unlink(child);
  child.parent = parent;
  parent.children.push(child);
}

function unlink(child: Container): void {
  const siblings = child.parent?.children;
  if (siblings !== undefined) siblings.splice(siblings.indexOf(child), 1);
  child.parent = undefined;
}

/** The finished tree; iterative, as a chain of replies may be thousands deep. */
function toTree(top: Container): ThreadTree {
  const made = new Map<Container, { number: number | undefined; children: ThreadTree[] }>();
  const order = breadthFirst(top);
  for (let index = order.length - 1; index >= 0; index--) {
    const container = order[index]!;
    made.set(container, {
      number: container.message?.number,
      children: container.children.map((child) => made.get(child)!),
    });
  }
  return made.get(top)!;
}

/** The node and every container below it, parents before children. */
function breadthFirst(top: Container): Container[] {
  const order: Container[] = [top];
  // Pushed one by one: spreading a 100,000-child list as arguments would overflow the call stack.
  for (let index = 0; index < order.length; index++)
    for (const child of order[index]!.children) order.push(child);
  return order;
}
