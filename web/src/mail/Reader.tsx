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

export function Reader({ client, emailId, timeZone, setAside, onReply, onEditDraft, onError }: ReaderProps) {
  const { t } = useTranslation();
  const { preferences } = usePreferences();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  /** The messages this reader has shown (their fold state is the person's from then on). */
  const known = useRef(new Set<string>());
  const asConversation = preferences.conversationView;

  useEffect(() => {
    if (emailId === undefined) return;
    let isCurrent = true;
    const accountId = client.accountId;
    const identities = ['Identity/get', { accountId, ids: null, properties: ['email'] }, 'i'] as const;
    // The opened message comes whole with its conversation: opening it costs one round trip.
    const opened = readEmailCall(accountId, emailId, 'b');
    const calls = asConversation
      ? [
          ['Email/get', { accountId, ids: [emailId], properties: ['threadId'] }, 'e'],
          ['Thread/get', { accountId, '#ids': ref('e', 'Email/get', '/list/*/threadId') }, 't'],
          [
            'Email/get',
            { accountId, '#ids': ref('t', 'Thread/get', '/list/*/emailIds'), properties: SUMMARY_PROPERTIES },
            'm',
          ],
          identities,
          opened,
        ]
      : [
          ['Email/get', { accountId, ids: [emailId], properties: SUMMARY_PROPERTIES }, 'm'],
          identities,
          opened,
        ];
    client
      .call(calls as Parameters<JmapClient['call']>[0])
      .then((results) => {
        if (!isCurrent) return;
        const all = (results.get('m') as { list: Member[] }).list;
        const { shown, hidden } = threadMembers(all, emailId, setAside);
        const ids = (results.get('i') as { list: { id: string; email: string }[] }).list;
        setLoaded({
          members: shown,
          hidden,
          identityId: ids[0]?.id,
          ownAddresses: ids.map((identity) => identity.email),
          opened: (results.get('b') as { list: OpenEmail[] }).list[0],
        });
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
  }, [client, emailId, asConversation, setAside, onError]);

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
