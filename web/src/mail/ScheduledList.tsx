// The messages waiting to be sent at a later time (EmailSubmission with undoStatus pending, RFC 8621 §7):
// when each goes, to whom, and a button that cancels it and puts the message back in Drafts.

import type { JmapEmailAddress, JmapMailbox } from '@vercors/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelSending } from '../compose/cancel-sending.ts';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';

interface Scheduled {
  readonly submissionId: string;
  readonly emailId: string;
  readonly sendAt: string;
  readonly subject: string | null;
  readonly to: readonly JmapEmailAddress[];
}

export interface ScheduledListProps {
  readonly client: JmapClient;
  readonly mailboxes: readonly JmapMailbox[];
  readonly timeZone: string;
  readonly version: number;
  onChanged(message: string): void;
  onError(error: unknown): void;
}

/** The longest "Annuler l’envoi" holds a message (the undo delay's largest choice), and a second more. */
const UNDO_HOLD_MAX_MS = 31_000;

/** An RFC 3339 UTCDate without fractions, as JMAP filters take it. */
function utcDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function ScheduledList({
  client,
  mailboxes,
  timeZone,
  version,
  onChanged,
  onError,
}: ScheduledListProps) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<readonly Scheduled[] | undefined>(undefined);
  const { accountId } = client;

  useEffect(() => {
    let isCurrent = true;
    client
      .call([
        [
          'EmailSubmission/query',
          {
            accountId,
            // A message held only for "Annuler l’envoi" (at most 30 s) is no scheduled send.
            filter: { undoStatus: 'pending', after: utcDate(Date.now() + UNDO_HOLD_MAX_MS) },
            sort: [{ property: 'sentAt', isAscending: true }],
          },
          'q',
        ],
        [
          'EmailSubmission/get',
          { accountId, '#ids': ref('q', 'EmailSubmission/query', '/ids'), properties: ['emailId', 'sendAt'] },
          's',
        ],
        [
          'Email/get',
          {
            accountId,
            '#ids': ref('s', 'EmailSubmission/get', '/list/*/emailId'),
            properties: ['subject', 'to'],
          },
          'e',
        ],
      ])
      .then((results) => {
        if (!isCurrent) return;
        const submissions = (results.get('s') as { list: { id: string; emailId: string; sendAt: string }[] })
          .list;
        const emails = new Map(
          (
            results.get('e') as {
              list: { id: string; subject: string | null; to: JmapEmailAddress[] | null }[];
            }
          ).list.map((email) => [email.id, email]),
        );
        setItems(
          submissions.map((submission) => ({
            submissionId: submission.id,
            emailId: submission.emailId,
            sendAt: submission.sendAt,
            subject: emails.get(submission.emailId)?.subject ?? null,
            to: emails.get(submission.emailId)?.to ?? [],
          })),
        );
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, accountId, version, onError]);

  const cancel = async (item: Scheduled) => {
    try {
      const isCanceled = await cancelSending(client, item.submissionId, item.emailId, mailboxes, null);
      onChanged(isCanceled ? t('scheduled.canceled') : t('compose.tooLate'));
    } catch (error) {
      onError(error);
    }
  };

  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short', timeZone });
  return (
    <section className="scheduled" aria-labelledby="scheduled-title">
      <h2 id="scheduled-title" className="list-count">
        {t('scheduled.title')}
      </h2>
      {items === undefined ? (
        <p className="list-empty">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p className="list-empty">{t('scheduled.empty')}</p>
      ) : (
        <ul className="scheduled-list">
          {items.map((item) => (
            <li key={item.submissionId}>
              <span className="row-subject">{item.subject || t('list.noSubject')}</span>
              <span className="row-preview">
                {t('scheduled.to', {
                  names: item.to.map((address) => address.name || address.email).join(', '),
                })}
              </span>
              <time dateTime={item.sendAt}>
                {t('scheduled.at', { date: format.format(new Date(item.sendAt)) })}
              </time>
              <button type="button" onClick={() => void cancel(item)}>
                {t('scheduled.cancel')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
