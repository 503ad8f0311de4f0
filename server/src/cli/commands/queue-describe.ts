// Queued messages as text for people (Postfix's mailq shape: one line per message, one per recipient with its
// state and last error), in the CLI's language and the académie's time zone.

import { DEFAULT_TIME_ZONE, type Locale } from '@vercors/contract';
import type { MessageSource, QueuedMessage, QueuedRecipient } from '#domain/delivery';
import { formatBytes, formatDate } from '../display-format.ts';
import { QUEUE_MESSAGES, type QueueMessageKey } from './queue-messages.ts';

const SOURCES: Record<MessageSource, QueueMessageKey> = {
  submission: 'sourceSubmission',
  forward: 'sourceForward',
  list: 'sourceList',
  bounce: 'sourceBounce',
  dsn: 'sourceDsn',
  autoreply: 'sourceAutoreply',
  mdn: 'sourceMdn',
};

function t(locale: Locale, key: QueueMessageKey, params?: Record<string, string | number>): string {
  return QUEUE_MESSAGES.t(locale, key, params);
}

function date(locale: Locale, value: Date): string {
  return formatDate(locale, value, DEFAULT_TIME_ZONE);
}

export function senderText(locale: Locale, sender: string): string {
  return sender === '' ? t(locale, 'nullSender') : `<${sender}>`;
}

export function recipientLine(locale: Locale, recipient: QueuedRecipient): string {
  const isPending = recipient.state !== 'delivered' && recipient.state !== 'bounced';
  const why = recipient.lastReply ?? recipient.lastError;
  return t(locale, 'recipientLine', {
    address: recipient.address,
    state: t(locale, recipient.state),
    attempts: recipient.attempts > 0 ? t(locale, 'attempts', { count: recipient.attempts }) : '',
    next:
      isPending && recipient.state !== 'hold' && recipient.nextAttemptAt !== null && recipient.attempts > 0
        ? t(locale, 'next', { date: date(locale, recipient.nextAttemptAt) })
        : '',
    why: why === null || recipient.state === 'delivered' ? '' : t(locale, 'why', { text: why }),
  });
}

/** `queue list`: a line per message, then its recipients indented. */
export function describeQueue(locale: Locale, messages: readonly QueuedMessage[]): string {
  return messages
    .map((message) =>
      [
        `${message.id}  ${formatBytes(locale, message.size)}  ${date(locale, message.createdAt)}  ${senderText(locale, message.sender)}`,
        ...message.recipients.map((recipient) => `    ${recipientLine(locale, recipient)}`),
      ].join('\n'),
    )
    .join('\n');
}

/** `queue show`: the message's fields, then every recipient. */
export function describeQueuedMessage(locale: Locale, message: QueuedMessage): string {
  const rows: [QueueMessageKey, string][] = [
    ['id', message.id],
    ['sender', senderText(locale, message.sender)],
    ['source', t(locale, SOURCES[message.source])],
    ['size', formatBytes(locale, message.size)],
    ['arrived', date(locale, message.createdAt)],
    ...(message.completedAt === null
      ? []
      : [['completed', date(locale, message.completedAt)] as [QueueMessageKey, string]]),
    ['dkim', message.dkimDomain ?? t(locale, 'unsigned')],
  ];
  const labels = rows.map(([key]) => t(locale, key));
  const width = Math.max(...labels.map((label) => label.length));
  return [
    ...rows.map(([, value], index) => `${(labels[index] ?? '').padEnd(width)}  ${value}`),
    t(locale, 'recipients'),
    ...message.recipients.map((recipient) => `    ${recipientLine(locale, recipient)}`),
  ].join('\n');
}
