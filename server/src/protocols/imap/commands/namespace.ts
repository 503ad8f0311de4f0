// NAMESPACE (RFC 2342, in RFC 9051 §6.3.10): one personal namespace with the root as prefix, no shared or
// other-users namespaces yet (delegation comes with shared mailboxes). Grammar: NAMESPACE

import { noArguments, ok, type ImapCommand } from '../command.ts';
import { HIERARCHY_DELIMITER } from '../session-limits.ts';

export const namespace: ImapCommand<undefined> = {
  name: 'NAMESPACE',
  states: ['authenticated', 'selected'],
  parse: noArguments,
  async run(session) {
    await session.sendLine(`* NAMESPACE (("" "${HIERARCHY_DELIMITER}")) NIL NIL`);
    return ok('NAMESPACE completed');
  },
};
