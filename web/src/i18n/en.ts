// The web app's English catalogue: the same keys as fr.ts.

import type { Catalogue } from './fr.ts';

export const en: Catalogue = {
  app: {
    title: 'Vercors — Mail',
    loading: 'Loading…',
    signOut: 'Sign out',
    signedOut: 'Your session has ended. Sign in again to go on: nothing you have open is lost.',
    signInAgain: 'Sign in again',
    offline: 'The server does not answer. Trying again in a few seconds…',
    failed: 'Something went wrong ({{reason}}). Reload the page; if it happens again, tell the helpdesk.',
    skipToList: 'Skip to the message list',
  },
  folders: {
    title: 'Folders',
    unread_one: '{{count}} unread',
    unread_other: '{{count}} unread',
  },
  list: {
    label: 'Messages in {{folder}}',
    empty: 'No messages in this folder.',
    loadingRow: 'Loading…',
    noSubject: '(no subject)',
    unknownSender: '(unknown sender)',
    count_one: '{{count}} conversation',
    count_other: '{{count}} conversations',
    unread: 'unread',
    flagged: 'flagged',
    attachment: 'attachment',
  },
  reader: {
    none: 'Select a message to read it.',
    loading: 'Opening the message…',
    from: 'From',
    to: 'To',
    cc: 'Cc',
    date: 'Date',
    attachments_one: '{{count}} attachment',
    attachments_other: '{{count}} attachments',
    remoteBlocked: 'Remote images in this message are blocked to protect your privacy.',
    showImages: 'Show images',
    bodyFrame: 'Message content',
    noBody: 'This message has no text.',
  },
};
