// A group of contacts: its members (found by UID in every book), each removable; people of the group's book
// added from a search; the group renamed or deleted (its members stay); and written to as a whole — the shell's
// composer with every member's address when it offers that, else the addresses copied for pasting.

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { CardPane } from './CardPane.tsx';
import { type CardView, cardDetail, displayName } from './card-display.ts';
import { ConfirmedDelete } from './ConfirmedDelete.tsx';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import { destroyCard, fetchCardPage, findCardsByUid, updateCard } from './contacts-api.ts';
import {
  addMembersPatch,
  groupRecipients,
  memberUids,
  type Recipient,
  removeMembersPatch,
} from './group-members.ts';

/** People proposed at once when adding members: a search narrows them. */
const CANDIDATES = 8;
const SEARCH_DELAY_MS = 200;

export interface GroupDetailProps {
  readonly client: JmapClient;
  readonly cardId: string;
  readonly version: number;
  onEdit(card: CardView): void;
  onChanged(): void;
  onGone(message: string): void;
  onBack(): void;
  readonly onWriteAll: ((recipients: readonly Recipient[]) => void) | undefined;
  onError(error: unknown): void;
}

export function GroupDetail(props: GroupDetailProps) {
  return (
    <CardPane {...props}>{(group, name) => <GroupBody {...props} group={group} name={name} />}</CardPane>
  );
}

function GroupBody({
  client,
  group,
  name,
  version,
  onEdit,
  onChanged,
  onGone,
  onWriteAll,
  onError,
}: GroupDetailProps & { readonly group: CardView; readonly name: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [members, setMembers] = useState<ReadonlyMap<string, CardView> | undefined>(undefined);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [candidates, setCandidates] = useState<readonly CardView[]>([]);
  const uids = memberUids(group);
  const bookId = Object.keys(group.addressBookIds ?? {})[0] ?? '';

  const fail = (error: unknown) => {
    if (isServerTrouble(error)) onError(error);
    setRefusal(t(refusalKey(error)));
  };

  useEffect(() => {
    let isCurrent = true;
    findCardsByUid(client, uids)
      .then((found) => isCurrent && setMembers(found))
      .catch((error: unknown) => isCurrent && fail(error));
    return () => {
      isCurrent = false;
    };
  }, [client, uids.join('\n'), version]);

  // People of the book to add: those the search finds (or the first ones), not in the group yet.
  useEffect(() => {
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      const conditions: Record<string, unknown>[] = [
        { inAddressBook: bookId },
        { operator: 'NOT', conditions: [{ kind: 'group' }] },
      ];
      if (search.trim() !== '') conditions.push({ text: search.trim() });
      fetchCardPage(client, { operator: 'AND', conditions }, 0, CANDIDATES + uids.length)
        .then(({ cards }) => {
          if (!isCurrent) return;
          const taken = new Set(uids);
          setCandidates(cards.filter((card) => !taken.has(card.uid)).slice(0, CANDIDATES));
        })
        .catch((error: unknown) => isCurrent && isServerTrouble(error) && onError(error));
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [client, bookId, search, uids.join('\n'), onError]);

  const patch = async (change: Record<string, unknown>, message: string) => {
    setRefusal(undefined);
    try {
      await updateCard(client, group.id, change);
      setNotice(message);
      onChanged();
    } catch (error) {
      fail(error);
    }
  };
  const remove = async () => {
    try {
      await destroyCard(client, group.id);
      onGone(t('contactsGroup.deleted', { name }));
    } catch (error) {
      fail(error);
    }
  };

  const { recipients, withoutEmail } = groupRecipients(group, members ?? new Map());
  const copyAddresses = () => {
    const text = recipients
      .map((recipient) =>
        recipient.name === null ? recipient.email : `${recipient.name} <${recipient.email}>`,
      )
      .join(', ');
    navigator.clipboard
      .writeText(text)
      .then(() => setNotice(t('contactsGroup.copied', { count: recipients.length })))
      .catch(() => setNotice(text));
  };

  return (
    <>
      <p className="contacts-hint">{t('contactsGroup.count', { count: uids.length })}</p>
      <div className="card-actions">
        {onWriteAll !== undefined && (
          <button
            type="button"
            className="primary"
            disabled={recipients.length === 0}
            onClick={() => onWriteAll(recipients)}
          >
            {t('contactsGroup.write')}
          </button>
        )}
        <button type="button" disabled={recipients.length === 0} onClick={copyAddresses}>
          {t('contactsGroup.copy')}
        </button>
        <button type="button" onClick={() => onEdit(group)}>
          {t('contactsGroup.rename')}
        </button>
        <ConfirmedDelete
          label={t('contactsGroup.delete')}
          confirmLabel={t('contactsGroup.confirmDelete', { name })}
          onDelete={() => void remove()}
        />
      </div>
      {withoutEmail > 0 && members !== undefined && (
        <p className="contacts-hint">{t('contactsGroup.withoutEmail', { count: withoutEmail })}</p>
      )}
      <div role="status" className="contacts-notice">
        {notice}
      </div>
      {refusal !== undefined && (
        <p className="contacts-error" role="alert">
          {refusal}
        </p>
      )}
      <h3>{t('contactsGroup.members')}</h3>
      {members === undefined ? (
        <p className="contacts-empty">{t('contactsCard.loading')}</p>
      ) : uids.length === 0 ? (
        <p className="contacts-empty">{t('contactsGroup.empty')}</p>
      ) : (
        <ul className="member-list">
          {uids.map((uid) => {
            const member = members.get(uid);
            const memberName =
              member === undefined
                ? t('contactsGroup.unknownMember')
                : displayName(member) || t('contactsCard.noName');
            return (
              <li key={uid}>
                <span className="contact-name">{memberName}</span>
                {member !== undefined && <span className="contact-detail">{cardDetail(member)}</span>}
                <button
                  type="button"
                  className="small"
                  aria-label={t('contactsGroup.removeMember', { name: memberName })}
                  onClick={() =>
                    void patch(
                      removeMembersPatch(group, [uid]),
                      t('contactsGroup.removed', { name: memberName }),
                    )
                  }
                >
                  {t('contactsGroup.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <h3>{t('contactsGroup.addTitle')}</h3>
      <label className="form-field" htmlFor={`${id}-search`}>
        {t('contactsGroup.search')}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        className="group-search"
        value={search}
        autoComplete="off"
        onChange={(event) => setSearch(event.target.value)}
      />
      {candidates.length === 0 ? (
        <p className="contacts-empty">{t('contactsGroup.noCandidates')}</p>
      ) : (
        <ul className="member-list">
          {candidates.map((candidate) => {
            const candidateName = displayName(candidate) || t('contactsCard.noName');
            return (
              <li key={candidate.id}>
                <span className="contact-name">{candidateName}</span>
                <span className="contact-detail">{cardDetail(candidate)}</span>
                <button
                  type="button"
                  className="small"
                  aria-label={t('contactsGroup.addMember', { name: candidateName })}
                  onClick={() =>
                    void patch(
                      addMembersPatch(group, [candidate.uid]),
                      t('contactsGroup.added', { name: candidateName }),
                    )
                  }
                >
                  {t('contactsGroup.add')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
