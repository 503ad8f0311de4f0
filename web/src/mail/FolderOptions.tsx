// The folders as <option>s of a select, in tree order and indented by depth: where to move a message or a
// folder, where to search. `exclude` leaves some out (the folder shown, a folder's own sub-tree).

import type { JmapMailbox } from '@vercors/contract';
import { useTranslation } from 'react-i18next';
import { flattenTree, mailboxTree } from './mailbox-tree.ts';

export function FolderOptions({
  mailboxes,
  exclude,
}: {
  readonly mailboxes: readonly JmapMailbox[];
  readonly exclude?: ReadonlySet<string>;
}) {
  const { i18n } = useTranslation();
  return (
    <>
      {flattenTree(mailboxTree(mailboxes, i18n.language))
        .filter(({ mailbox }) => exclude?.has(mailbox.id) !== true)
        .map(({ mailbox, depth }) => (
          <option key={mailbox.id} value={mailbox.id}>
            {`${'\u00a0\u00a0'.repeat(depth)}${mailbox.name}`}
          </option>
        ))}
    </>
  );
}
