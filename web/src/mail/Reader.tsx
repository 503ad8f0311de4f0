// The open conversation: the thread of the open message (or that message alone when the person turned the
// conversation view off), each message folded or unfolded (MessageView). One request finds the thread, its
// messages' summaries and the person's identities (for read receipts).

import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../app/preferences.ts';
import type { Original, ReplyMode, SavedDraft } from '../compose/compose-draft.ts';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';
import { type MessageSummary, MessageView, type OpenEmail, readEmailCall } from './MessageView.tsx';
import { initiallyUnfolded, type ThreadMember, threadMembers } from './thread-view.ts';

export interface ReaderProps {
  readonly client: JmapClient;
  readonly emailId: string | undefined;
  readonly timeZone: string;
  /** Trash and junk: their messages are left out of a conversation opened elsewhere. */
  readonly setAside: ReadonlySet<string>;
  /** Bumped by push when mail changed: the conversation is read again (a reply that came joins it). */
  readonly version: number;
  onReply(mode: ReplyMode, original: Original): void;
  /** A draft opened from Drafts: write on it in the composer. */
  onEditDraft(saved: SavedDraft, emailId: string): void;
  onError(error: unknown): void;
}

type Member = MessageSummary & ThreadMember & { readonly subject: string | null };

const SUMMARY_PROPERTIES = ['mailboxIds', 'keywords', 'from', 'preview', 'receivedAt', 'subject'];

interface Loaded {
  readonly members: readonly Member[];
  readonly hidden: number;
  readonly identityId: string | undefined;
  readonly ownAddresses: readonly string[];
  /** The opened message, read whole in the same request. */
  readonly opened: OpenEmail | undefined;
}

export function Reader({
  client,
  emailId,
  timeZone,
  setAside,
  version,
  onReply,
  onEditDraft,
  onError,
}: ReaderProps) {
  const { t } = useTranslation();
  const { preferences } = usePreferences();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  /** The messages this reader has shown (their fold state is the person's from then on). */
  const known = useRef(new Set<string>());
  /** The identities and the opened message, read with the first load only (a push reads the thread alone). */
  const firstRead = useRef<Pick<Loaded, 'identityId' | 'ownAddresses' | 'opened'> | undefined>(undefined);
  const asConversation = preferences.conversationView;

  useEffect(() => {
    if (emailId === undefined) return;
    let isCurrent = true;
    const accountId = client.accountId;
    // The opened message comes whole with its conversation, and the identities with it: opening costs one
    // round trip. A later reload (push) reads only the conversation's summaries.
    const once =
      firstRead.current === undefined
        ? [
            ['Identity/get', { accountId, ids: null, properties: ['email'] }, 'i'] as const,
            readEmailCall(accountId, emailId, 'b'),
          ]
        : [];
    const calls = asConversation
      ? [
          ['Email/get', { accountId, ids: [emailId], properties: ['threadId'] }, 'e'],
          ['Thread/get', { accountId, '#ids': ref('e', 'Email/get', '/list/*/threadId') }, 't'],
          [
            'Email/get',
            { accountId, '#ids': ref('t', 'Thread/get', '/list/*/emailIds'), properties: SUMMARY_PROPERTIES },
            'm',
          ],
          ...once,
        ]
      : [['Email/get', { accountId, ids: [emailId], properties: SUMMARY_PROPERTIES }, 'm'], ...once];
    client
      .call(calls as Parameters<JmapClient['call']>[0])
      .then((results) => {
        if (!isCurrent) return;
        const all = (results.get('m') as { list: Member[] }).list;
        const { shown, hidden } = threadMembers(all, emailId, setAside);
        if (firstRead.current === undefined) {
          const ids = (results.get('i') as { list: { id: string; email: string }[] }).list;
          firstRead.current = {
            identityId: ids[0]?.id,
            ownAddresses: ids.map((identity) => identity.email),
            opened: (results.get('b') as { list: OpenEmail[] }).list[0],
          };
        }
        setLoaded({ members: shown, hidden, ...firstRead.current });
        // Messages already shown keep their state; new ones (a reply that just came) follow the rule.
        const fresh = shown.filter((member) => !known.current.has(member.id));
        for (const member of fresh) known.current.add(member.id);
        const unfold = initiallyUnfolded(shown, emailId);
        setUnfolded((current) => {
          const next = new Set(current);
          for (const member of fresh) if (unfold.has(member.id)) next.add(member.id);
          return next;
        });
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, emailId, asConversation, setAside, version, onError]);

  const subject = useMemo(
    () => loaded?.members.find((member) => member.id === emailId)?.subject ?? loaded?.members.at(-1)?.subject,
    [loaded, emailId],
  );

  if (emailId === undefined) return <p className="reader-empty">{t('reader.none')}</p>;
  if (loaded === undefined)
    return (
      <p className="reader-empty" aria-busy="true">
        {t('reader.loading')}
      </p>
    );
  const toggle = (id: string) =>
    setUnfolded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <div className="reader">
      <h2 id="reader-subject">{subject || t('list.noSubject')}</h2>
      {loaded.members.length > 1 && (
        <p className="thread-count">
          {t('reader.threadCount', { count: loaded.members.length + loaded.hidden })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setUnfolded(new Set(loaded.members.map((m) => m.id)))}
          >
            {t('reader.unfoldAll')}
          </button>
        </p>
      )}
      {loaded.hidden > 0 && (
        <p className="thread-hidden">{t('reader.threadHidden', { count: loaded.hidden })}</p>
      )}
      {loaded.members.map((member) => (
        <MessageView
          key={member.id}
          client={client}
          summary={member}
          isUnfolded={unfolded.has(member.id)}
          timeZone={timeZone}
          identityId={loaded.identityId}
          ownAddresses={loaded.ownAddresses}
          preloaded={member.id === emailId ? loaded.opened : undefined}
          onToggle={() => toggle(member.id)}
          onReply={onReply}
          onEditDraft={onEditDraft}
          onError={onError}
        />
      ))}
    </div>
  );
}
