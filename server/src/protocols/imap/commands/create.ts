// CREATE (RFC 9051 §6.3.4) with CREATE-SPECIAL-USE (RFC 6154 §3) and MAILBOXID (RFC 8474 §4.1).
// Grammar: CREATE SP mailbox [SP "(" create-param *(SP create-param) ")"]
//          create-param = "USE" SP "(" [use-attr *(SP use-attr)] ")"
// A trailing delimiter is allowed and dropped (the client means to create children under the name); missing
// levels above are created. INBOX always exists: creating it is NO [ALREADYEXISTS]. The store keeps one role
// per mailbox and one mailbox per role, so USE takes at most one attribute, not yet held by another mailbox;
// else NO [USEATTR] and nothing is created (RFC 6154 §3).
// Security: the name is checked level by level before anything is created (mailbox-paths.ts).

import type { MailboxRole } from '#domain/mail';
import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { createParents, readMailboxName, splitNewName } from '../mailbox-paths.ts';
import { roleOfSpecialUse } from '../special-use.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import { mailboxIdCode } from '../wire/response-codes.ts';

/** RFC 6154 §3: the special use cannot be given (unsupported, several, or held by another mailbox). */
const USEATTR = { name: 'USEATTR' };

interface CreateArguments {
  readonly name: string;
  /** The USE attributes, as sent; undefined without the parameter. */
  readonly use: readonly string[] | undefined;
}

function parseCreate(cursor: ArgumentCursor, session: CommandSession): CreateArguments {
  cursor.expectSpace();
  const name = readMailboxName(cursor, session);
  let use: string[] | undefined;
  if (!cursor.isAtEnd) {
    cursor.expectSpace();
    cursor.expectList(
      (item) => {
        item.expectKeyword(['USE'], 'Create parameter');
        item.expectSpace();
        // Two USE parameters ask for two uses: gathered, then refused like `USE (\A \B)`.
        const attributes = item.expectList((attribute) => attribute.expectFlag(), 'Special-use attributes');
        use = [...(use ?? []), ...attributes];
      },
      'Create parameters',
      { allowEmpty: false },
    );
  }
  cursor.expectEnd();
  return { name, use };
}

export const create: ImapCommand<CreateArguments> = {
  name: 'CREATE',
  states: ['authenticated', 'selected'],
  parse: parseCreate,
  async run(session, args) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const split = splitNewName(args.name);
    if ('refusal' in split) return split.refusal;
    const names = await session.mailboxNames();
    if (names.find(split.name) !== undefined) return no('Mailbox already exists', { name: 'ALREADYEXISTS' });

    // The special use is checked before any level is created
    let role: MailboxRole | null = null;
    if (args.use !== undefined && args.use.length > 0) {
      const roles = args.use.map(roleOfSpecialUse);
      const [wanted] = roles;
      if (roles.length > 1 || wanted === undefined)
        return no(
          'Only one of \\All \\Archive \\Drafts \\Flagged \\Important \\Junk \\Sent \\Trash',
          USEATTR,
        );
      if (names.list.some((named) => named.mailbox.role === wanted))
        return no('Another mailbox already has this special use', USEATTR);
      role = wanted;
    }

    const parentId = await createParents(session, account.id, names, split.parts);
    const created = await session.context.mail.createMailbox(account.id, {
      name: split.parts.at(-1) ?? split.name,
      parentId,
      role,
      isSubscribed: true,
    });
    return ok('CREATE completed', mailboxIdCode(created.id));
  },
};
