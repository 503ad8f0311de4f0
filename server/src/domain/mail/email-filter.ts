// Email filters (JMAP FilterCondition/FilterOperator, RFC 8621 §4.4.1; the criteria IMAP SEARCH needs most),
// checked and turned into a tree whose leaves are either SQL conditions on indexed columns or full-text
// conditions answered by the search index.

import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type {
  DatabaseSchema,
  EmailMailboxesTable,
  EmailsTable,
  SearchCondition,
  SearchField,
  SearchMatch,
} from '#store';
import { parseKeyword, SEEN } from './keywords.ts';
import { invalid, overLimit } from './mail-errors.ts';

export interface EmailFilterCondition {
  readonly inMailbox?: string;
  readonly inMailboxOtherThan?: readonly string[];
  readonly inThread?: string;
  /** receivedAt strictly before. */
  readonly before?: Date;
  /** receivedAt at or after. */
  readonly after?: Date;
  /** Date: header strictly before / at or after (IMAP SENTBEFORE / SENTSINCE). */
  readonly sentBefore?: Date;
  readonly sentAfter?: Date;
  readonly minSize?: number;
  /** size strictly below. */
  readonly maxSize?: number;
  readonly hasKeyword?: string;
  readonly notKeyword?: string;
  readonly hasAttachment?: boolean;
  /** Full-text conditions (search index). */
  readonly text?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cc?: string;
  readonly bcc?: string;
  readonly subject?: string;
  readonly body?: string;
  readonly attachmentName?: string;
}

export interface EmailFilterOperator {
  readonly operator: 'AND' | 'OR' | 'NOT';
  readonly conditions: readonly EmailFilter[];
}

export type EmailFilter = EmailFilterCondition | EmailFilterOperator;

/** The tables a filter speaks of: e = emails; m = the membership of the mailbox driving the query, if any. */
export type FilterScope = DatabaseSchema & { e: EmailsTable; m: EmailMailboxesTable };
export type FilterBuilder = ExpressionBuilder<FilterScope, 'e' | 'm'>;
export type SqlCondition = (eb: FilterBuilder) => Expression<SqlBool>;

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly child: FilterNode }
  | { readonly kind: 'sql'; readonly condition: SqlCondition }
  | { readonly kind: 'text'; readonly condition: SearchCondition };

/** Nodes in one filter: bounds the SQL generated and the work of evaluating it. */
const MAX_FILTER_NODES = 256;
/** Nesting of operators: real clients nest two or three levels. */
const MAX_FILTER_DEPTH = 16;

const TEXT_FIELDS: Readonly<Record<string, SearchField>> = {
  text: 'text',
  from: 'from',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  subject: 'subject',
  body: 'body',
  attachmentName: 'attachmentName',
};

export interface FilterContext {
  readonly accountId: string;
  /** The mailbox whose memberships drive the query (m is joined), if any. */
  readonly drivingMailbox?: string;
  readonly textMatch: SearchMatch;
}

/** Check a filter and build its tree; undefined filter = everything. */
export function buildFilter(filter: EmailFilter | undefined, context: FilterContext): FilterNode {
  const budget = { nodes: 0 };
  return filter === undefined ? { kind: 'and', children: [] } : build(filter, context, budget, 0);
}

function build(
  filter: EmailFilter,
  context: FilterContext,
  budget: { nodes: number },
  depth: number,
): FilterNode {
  budget.nodes += 1;
  if (budget.nodes > MAX_FILTER_NODES) throw overLimit('email', 'filter', 'filterTooLarge', MAX_FILTER_NODES);
  if (depth > MAX_FILTER_DEPTH) throw overLimit('email', 'filter', 'filterTooDeep', MAX_FILTER_DEPTH);
  if ('operator' in filter) {
    const children = filter.conditions.map((child) => build(child, context, budget, depth + 1));
    if (filter.operator === 'AND') return { kind: 'and', children };
    if (filter.operator === 'OR') return { kind: 'or', children };
    if (filter.operator === 'NOT') return { kind: 'not', child: { kind: 'or', children } };
    throw invalid('email', String(filter.operator), 'unknownOperator');
  }
  return { kind: 'and', children: conditionLeaves(filter, context) };
}

function conditionLeaves(condition: EmailFilterCondition, context: FilterContext): FilterNode[] {
  const leaves: FilterNode[] = [];
  const sqlLeaf = (sqlCondition: SqlCondition) => leaves.push({ kind: 'sql', condition: sqlCondition });
  const { accountId, drivingMailbox } = context;

  if (condition.inMailbox !== undefined) {
    const mailboxId = condition.inMailbox;
    sqlLeaf((eb) => inMailbox(eb, mailboxId, drivingMailbox));
  }
  if (condition.inMailboxOtherThan !== undefined) {
    const excluded = [...condition.inMailboxOtherThan];
    sqlLeaf((eb) =>
      eb.exists(
        eb
          .selectFrom('email_mailboxes as x')
          .select('x.uid')
          .whereRef('x.email_id', '=', 'e.id')
          .$if(excluded.length > 0, (query) => query.where('x.mailbox_id', 'not in', excluded)),
      ),
    );
  }
  if (condition.inThread !== undefined) {
    const threadId = condition.inThread;
    sqlLeaf((eb) => eb('e.thread_id', '=', threadId));
  }
  const time = (value: Date | undefined, name: string) => {
    if (value === undefined) return undefined;
    const ms = value.getTime();
    if (!Number.isFinite(ms)) throw invalid('email', name, 'invalidDate');
    return ms;
  };
  const before = time(condition.before, 'before');
  const after = time(condition.after, 'after');
  const sentBefore = time(condition.sentBefore, 'sentBefore');
  const sentAfter = time(condition.sentAfter, 'sentAfter');
  if (before !== undefined) sqlLeaf((eb) => eb('e.received_at', '<', before));
  if (after !== undefined) sqlLeaf((eb) => eb('e.received_at', '>=', after));
  if (sentBefore !== undefined) sqlLeaf((eb) => eb('e.sent_at', '<', sentBefore));
  if (sentAfter !== undefined) sqlLeaf((eb) => eb('e.sent_at', '>=', sentAfter));
  const size = (value: number | undefined, name: string) => {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0))
      throw invalid('email', name, 'invalidSize');
    return value;
  };
  const minSize = size(condition.minSize, 'minSize');
  const maxSize = size(condition.maxSize, 'maxSize');
  if (minSize !== undefined) sqlLeaf((eb) => eb('e.size', '>=', minSize));
  if (maxSize !== undefined) sqlLeaf((eb) => eb('e.size', '<', maxSize));
  if (condition.hasKeyword !== undefined) {
    const keyword = parseKeyword(condition.hasKeyword);
    sqlLeaf((eb) => hasKeyword(eb, accountId, keyword, drivingMailbox, true));
  }
  if (condition.notKeyword !== undefined) {
    const keyword = parseKeyword(condition.notKeyword);
    sqlLeaf((eb) => hasKeyword(eb, accountId, keyword, drivingMailbox, false));
  }
  if (condition.hasAttachment !== undefined) {
    const flag = condition.hasAttachment ? 1 : 0;
    sqlLeaf((eb) => eb('e.has_attachment', '=', flag));
  }
  for (const [property, field] of Object.entries(TEXT_FIELDS)) {
    const value = condition[property as keyof EmailFilterCondition];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalid('email', property, 'invalidText');
    leaves.push({ kind: 'text', condition: { field, value, match: context.textMatch } });
  }
  return leaves;
}

function inMailbox(
  eb: FilterBuilder,
  mailboxId: string,
  drivingMailbox: string | undefined,
): Expression<SqlBool> {
  // The driving mailbox's membership is already joined: the condition holds for every row.
  if (mailboxId === drivingMailbox) return eb.lit(true);
  return eb.exists(
    eb
      .selectFrom('email_mailboxes as x')
      .select('x.uid')
      .where('x.mailbox_id', '=', mailboxId)
      .whereRef('x.email_id', '=', 'e.id'),
  );
}

function hasKeyword(
  eb: FilterBuilder,
  accountId: string,
  keyword: string,
  drivingMailbox: string | undefined,
  isWanted: boolean,
): Expression<SqlBool> {
  // Read/unread in a mailbox is a column of the membership, with a partial index on the unread ones; the
  // value is a literal so the planner can match that index's condition.
  if (keyword === SEEN && drivingMailbox !== undefined)
    return eb('m.is_unread', '=', eb.lit(isWanted ? 0 : 1));
  const tagged = eb
    .selectFrom('email_keywords as k')
    .select('k.email_id')
    .where('k.account_id', '=', accountId)
    .where('k.keyword', '=', keyword);
  return isWanted ? eb('e.id', 'in', tagged) : eb('e.id', 'not in', tagged);
}

/** Does the subtree hold a full-text leaf (and so cannot be answered by SQL alone)? */
export function hasText(node: FilterNode): boolean {
  switch (node.kind) {
    case 'text':
      return true;
    case 'sql':
      return false;
    case 'not':
      return hasText(node.child);
    default:
      return node.children.some(hasText);
  }
}

/** The SQL expression of a text-free subtree. */
export function toSql(node: FilterNode, eb: FilterBuilder): Expression<SqlBool> {
  switch (node.kind) {
    case 'sql':
      return node.condition(eb);
    case 'not':
      return eb.not(toSql(node.child, eb));
    case 'and':
      return node.children.length === 0
        ? eb.lit(true)
        : eb.and(node.children.map((child) => toSql(child, eb)));
    case 'or':
      return node.children.length === 0
        ? eb.lit(false)
        : eb.or(node.children.map((child) => toSql(child, eb)));
    case 'text':
      throw new Error('a full-text condition cannot be compiled to SQL');
  }
}

/** The top-level conjuncts of a filter (AND flattened). */
export function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === 'and' ? node.children.flatMap(conjuncts) : [node];
}

/** The mailbox named by a top-level inMailbox conjunct, which can drive the query through its memberships. */
export function drivingMailboxOf(filter: EmailFilter | undefined): string | undefined {
  if (filter === undefined) return undefined;
  if ('operator' in filter) {
    if (filter.operator !== 'AND') return undefined;
    for (const child of filter.conditions) {
      const found = drivingMailboxOf(child);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return filter.inMailbox;
}
