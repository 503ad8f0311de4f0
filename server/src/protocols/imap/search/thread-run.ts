// THREAD (RFC 5256 §4) over SEARCH matches: reads each email's Message-ID, In-Reply-To, References, subject and
// dates through the injected reader (sort-run.ts readKeyed, in chunks), threads them by REFERENCES or
// ORDEREDSUBJECT, and writes `* THREAD (2)(3 6 (4 23)(44 7 96))`.

import { casemap, compareCodePoints, subjectInfo } from './collation.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import type { SearchMatch } from './search-run.ts';
import { type MessageData, type MessageDataReader, readKeyed, sentDate } from './sort-run.ts';
import type { ThreadAlgorithm } from './sort-criteria.ts';
import { type ThreadMessage, type ThreadTree, threadByReferences } from './thread-references.ts';

export type { ThreadTree } from './thread-references.ts';

export interface ThreadRun {
  readonly algorithm: ThreadAlgorithm;
  /** In UID order, from runSearch. */
  readonly matches: readonly SearchMatch[];
  /** UID THREAD: the response numbers are UIDs. */
  readonly isUid: boolean;
  readonly readMessages: MessageDataReader;
  readonly limits?: SearchLimits;
}

/** The threads, in RFC 5256 order. */
export async function runThread(run: ThreadRun): Promise<ThreadTree[]> {
  const limits = run.limits ?? DEFAULT_SEARCH_LIMITS;
  const messages = await readKeyed(run.matches, run.readMessages, limits, (data) => data);
  const threadMessages = run.matches.map((match, index) =>
    threadMessageOf(match, messages[index], run.isUid, limits),
  );
  return run.algorithm === 'REFERENCES'
    ? threadByReferences(threadMessages, limits)
    : threadByOrderedSubject(threadMessages);
}

/**
 * ORDEREDSUBJECT ("poor man's threading", RFC 5256 §4): messages sorted by base subject then sent date, one
 * thread per base subject whose first message is the parent of all the others, threads by their first date.
 */
export function threadByOrderedSubject(messages: readonly ThreadMessage[]): ThreadTree[] {
  const sorted = [...messages].sort(
    (a, b) => compareCodePoints(a.subject, b.subject) || a.sentAt - b.sentAt || a.sequence - b.sequence,
  );
  const threads: { first: ThreadMessage; tree: ThreadTree }[] = [];
  let children: ThreadTree[] = [];
  let previous: ThreadMessage | undefined;
  for (const message of sorted) {
    if (previous !== undefined && previous.subject === message.subject) {
      children.push({ number: message.number, children: [] });
      continue;
    }
    children = [];
    threads.push({ first: message, tree: { number: message.number, children } });
    previous = message;
  }
  threads.sort((a, b) => a.first.sentAt - b.first.sentAt || a.first.sequence - b.first.sequence);
  return threads.map((thread) => thread.tree);
}

/**
 * `* THREAD (…)(…)`: a chain is written flat (`3 6`), a message with several children ends with one list per
 * child (`6 (4 23)(44 7 96)`), a dummy top is a list of lists (`((3)(5))`). Iterative: chains may be long.
 */
export function threadResponse(threads: readonly ThreadTree[]): Buffer {
  const parts: string[] = ['* THREAD'];
  if (threads.length > 0) parts.push(' ');
  const stack: (ThreadTree | string)[] = [];
  for (let index = threads.length - 1; index >= 0; index--) stack.push(')', threads[index]!, '(');
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    let node = item;
    let separator = '';
    if (node.number !== undefined) {
      parts.push(String(node.number));
      separator = ' ';
    }
    while (node.children.length === 1) {
      node = node.children[0]!;
      if (node.number !== undefined) parts.push(` ${node.number}`);
      separator = ' ';
    }
    if (node.children.length === 0) continue;
    parts.push(separator);
    for (let index = node.children.length - 1; index >= 0; index--)
      stack.push(')', node.children[index]!, '(');
  }
  parts.push('\r\n');
  return Buffer.from(parts.join(''), 'latin1');
}

function threadMessageOf(
  match: SearchMatch,
  data: MessageData | undefined,
  isUid: boolean,
  limits: SearchLimits,
): ThreadMessage {
  const number = isUid ? match.entry.uid : match.sequence;
  // An email expunged meanwhile threads alone, dated at the epoch; the next EXPUNGE removes it.
  if (data === undefined) {
    return {
      number,
      sequence: match.sequence,
      sentAt: 0,
      messageId: undefined,
      references: [],
      subject: '',
      isReplyOrForward: false,
    };
  }
  const subject = subjectInfo(data.subject);
  return {
    number,
    sequence: match.sequence,
    sentAt: sentDate(data),
    messageId: data.messageId === null ? undefined : normalizeMessageId(data.messageId),
    references: referencesOf(data, limits),
    subject: casemap(subject.base),
    isReplyOrForward: subject.isReplyOrForward,
  };
}

/** References, else the first In-Reply-To id (RFC 5256 §4 step 1), trimmed to the first and latest ones. */
function referencesOf(data: MessageData, limits: SearchLimits): string[] {
  const all = data.references.length > 0 ? data.references : data.inReplyTo.slice(0, 1);
  const max = limits.maxThreadReferences;
  const kept = all.length <= max ? all : [all[0]!, ...all.slice(all.length - (max - 1))];
  return kept.map(normalizeMessageId);
}

/** `"abc"@x` and `abc@x` are the same id (RFC 5256 §4: msg-ids are normalised before comparing). */
export function normalizeMessageId(id: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"@(.+)$/s.exec(id);
  if (quoted === null) return id;
  return `${quoted[1]!.replace(/\\(.)/gs, '$1')}@${quoted[2]!}`;
}
