// LIST (RFC 9051 §6.3.9) with LIST-EXTENDED (RFC 5258), SPECIAL-USE (RFC 6154), CHILDREN (RFC 3348) and
// LIST-STATUS (RFC 5819).
// Grammar: LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP "RETURN" SP "(" [return-option *(SP return-option)] ")"]
//          list-select-opts = "(" [option *(SP option)] ")"  ; SUBSCRIBED / REMOTE / RECURSIVEMATCH / SPECIAL-USE
//          mbox-or-pat = list-mailbox / "(" list-mailbox *(SP list-mailbox) ")"
//          return-option = "SUBSCRIBED" / "CHILDREN" / "SPECIAL-USE" / "STATUS" SP "(" status-att *(SP status-att) ")"
// Every mailbox exists (the store keeps a tree: no \Noselect or \NonExistent names), so \HasChildren or
// \HasNoChildren and the special-use attribute are always sent — RFC 9051 lists both among the base
// attributes — and \Subscribed when asked. Unknown options are BAD, as Dovecot answers.
// Security: patterns are bounded in number here and in matching work by MatchBudget (list-pattern.ts).

import { bad, no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { ListPattern, MatchBudget } from '../list-pattern.ts';
import { ancestorIds, sendDelimiterLine, sendListLine } from '../list-response.ts';
import type { NamedMailbox } from '../mailbox-names.ts';
import { specialUseOf } from '../special-use.ts';
import { parseStatusItems, sendStatus, type StatusItem } from '../status-items.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';

/** Patterns in one LIST: clients send one to three; a bound on the work one command can ask for. */
const MAX_PATTERNS = 32;

const SELECTION_OPTIONS = ['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE'] as const;
type SelectionOption = (typeof SELECTION_OPTIONS)[number];
const RETURN_OPTIONS = ['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE', 'STATUS'] as const;

interface ListArguments {
  readonly selection: ReadonlySet<SelectionOption>;
  readonly reference: string;
  readonly patterns: readonly string[];
  /** `LIST "" ("a" "b")`: an empty pattern in a list is an ordinary pattern, not the delimiter request. */
  readonly isPatternList: boolean;
  readonly returnSubscribed: boolean;
  readonly status: readonly StatusItem[] | undefined;
}

function parseList(cursor: ArgumentCursor, session: CommandSession): ListArguments {
  cursor.expectSpace();
  const selection = new Set<SelectionOption>();
  if (cursor.peekChar() === '(') {
    const options = cursor.expectList((item) => item.expectKeyword(SELECTION_OPTIONS, 'Selection option'));
    for (const option of options) selection.add(option);
    cursor.expectSpace();
  }
  const reference = decodePattern(session, cursor.expectMailbox('Reference name'));
  cursor.expectSpace();
  const isPatternList = cursor.peekChar() === '(';
  const wirePatterns = isPatternList
    ? cursor.expectList((item) => item.expectListMailbox(), 'Mailbox patterns', { allowEmpty: false })
    : [cursor.expectListMailbox()];
  if (wirePatterns.length > MAX_PATTERNS) cursor.fail(`At most ${MAX_PATTERNS} patterns`);
  let returnSubscribed = selection.has('SUBSCRIBED');
  let status: StatusItem[] | undefined;
  if (!cursor.isAtEnd) {
    cursor.expectSpace();
    cursor.expectKeyword(['RETURN'], 'Return options');
    cursor.expectSpace();
    cursor.expectList((item) => {
      const option = item.expectKeyword(RETURN_OPTIONS, 'Return option');
      if (option === 'SUBSCRIBED') returnSubscribed = true;
      if (option === 'STATUS') {
        item.expectSpace();
        status = parseStatusItems(item);
      }
      // CHILDREN and SPECIAL-USE: their attributes are always sent.
    });
  }
  cursor.expectEnd();
  const patterns = wirePatterns.map((pattern) => decodePattern(session, pattern));
  return { selection, reference, patterns, isPatternList, returnSubscribed, status };
}

/** Patterns are names with wildcards: decoded like names (`%` and `*` are plain ASCII in modified UTF-7). */
function decodePattern(session: CommandSession, wire: string): string {
  return session.decodeName(wire).normalize('NFC');
}

export const list: ImapCommand<ListArguments> = {
  name: 'LIST',
  states: ['authenticated', 'selected'],
  parse: parseList,
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const { selection } = args;
    // RFC 5258 §3: RECURSIVEMATCH only refines another selection option.
    if (selection.has('RECURSIVEMATCH') && !selection.has('SUBSCRIBED') && !selection.has('SPECIAL-USE'))
      return bad('RECURSIVEMATCH needs the SUBSCRIBED or SPECIAL-USE selection option');
    if (!args.isPatternList && args.patterns[0] === '') {
      await sendDelimiterLine(session, 'LIST');
      return ok('LIST completed');
    }
    if (args.status?.includes('HIGHESTMODSEQ')) session.enable('CONDSTORE');

    const names = await session.mailboxNames();
    const budget = new MatchBudget();
    const patterns = args.patterns.map((pattern) => ListPattern.compile(args.reference, pattern));
    const meetsSelection = (named: NamedMailbox) =>
      (!selection.has('SUBSCRIBED') || named.mailbox.isSubscribed) &&
      (!selection.has('SPECIAL-USE') || specialUseOf(named.mailbox.role) !== undefined);
    const hasMatchingDescendant = selection.has('RECURSIVEMATCH')
      ? ancestorIds(names, names.list.filter(meetsSelection))
      : new Set<string>();
    const childInfo = SELECTION_OPTIONS.filter(
      (option) => option !== 'REMOTE' && option !== 'RECURSIVEMATCH' && selection.has(option),
    );

    for (const named of names.list) {
      if (!patterns.some((pattern) => pattern.matches(named.name, budget))) continue;
      const meets = meetsSelection(named);
      const isParentOfMatch = hasMatchingDescendant.has(named.mailbox.id);
      // RFC 5258 §3: with RECURSIVEMATCH a parent that fails the criteria is listed for its descendants.
      if (!meets && !isParentOfMatch) continue;
      await sendListLine(session, {
        verb: 'LIST',
        attributes: attributesOf(named, args.returnSubscribed),
        name: named.name,
        childInfo: isParentOfMatch ? childInfo : undefined,
      });
      if (args.status !== undefined) await sendStatus(session, account.id, named, args.status);
    }
    return ok('LIST completed');
  },
};

function attributesOf(named: NamedMailbox, withSubscribed: boolean): string[] {
  const attributes: string[] = [];
  if (withSubscribed && named.mailbox.isSubscribed) attributes.push('\\Subscribed');
  attributes.push(named.hasChildren ? '\\HasChildren' : '\\HasNoChildren');
  const specialUse = specialUseOf(named.mailbox.role);
  if (specialUse !== undefined) attributes.push(specialUse);
  return attributes;
}
