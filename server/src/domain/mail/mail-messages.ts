// The mail module's words, French first: the names of the mailboxes every account starts with, the names of
// the account's quotas (JMAP Quota), and the quota warning sent to a filling mailbox.

import { defineMessages } from '#core/i18n';

export const MAIL_MESSAGES = defineMessages({
  fr: {
    'mailbox.inbox': 'Boîte de réception',
    'mailbox.sent': 'Envoyés',
    'mailbox.drafts': 'Brouillons',
    'mailbox.trash': 'Corbeille',
    'mailbox.junk': 'Indésirables',
    'mailbox.archive': 'Archives',
    'quota.from': 'Messagerie',
    'quota.name.octets': 'Espace de stockage',
    'quota.name.count': 'Nombre de messages',
    'quota.subject': 'Votre boîte aux lettres est remplie à {percent} %',
    'quota.subjectFull': 'Votre boîte aux lettres est pleine',
    'quota.body':
      'Bonjour,\n\nVotre boîte aux lettres {address} utilise {usedBytes} sur {limitBytes} ' +
      '({usedMessages} messages sur {limitMessages} autorisés), soit {percent} % de son quota.\n\n' +
      'Pour continuer à recevoir du courrier, supprimez les messages dont vous n’avez plus besoin, ' +
      'en particulier ceux qui ont de grosses pièces jointes, puis videz la corbeille.\n',
    'quota.bodyFull':
      'Bonjour,\n\nVotre boîte aux lettres {address} est pleine : {usedBytes} sur {limitBytes} ' +
      '({usedMessages} messages sur {limitMessages} autorisés).\n\n' +
      'Les messages qui vous sont envoyés sont mis en attente par les serveurs des expéditeurs et ' +
      'vous seront remis dès que de la place sera libérée. Supprimez les messages dont vous n’avez plus ' +
      'besoin, puis videz la corbeille.\n',
  },
  en: {
    'mailbox.inbox': 'Inbox',
    'mailbox.sent': 'Sent',
    'mailbox.drafts': 'Drafts',
    'mailbox.trash': 'Trash',
    'mailbox.junk': 'Junk',
    'mailbox.archive': 'Archive',
    'quota.from': 'Mail service',
    'quota.name.octets': 'Mail storage',
    'quota.name.count': 'Number of messages',
    'quota.subject': 'Your mailbox is {percent}% full',
    'quota.subjectFull': 'Your mailbox is full',
    'quota.body':
      'Hello,\n\nYour mailbox {address} uses {usedBytes} of {limitBytes} ' +
      '({usedMessages} of {limitMessages} messages allowed), {percent}% of its quota.\n\n' +
      'To keep receiving mail, delete the messages you no longer need, especially those with large ' +
      'attachments, then empty the trash.\n',
    'quota.bodyFull':
      'Hello,\n\nYour mailbox {address} is full: {usedBytes} of {limitBytes} ' +
      '({usedMessages} of {limitMessages} messages allowed).\n\n' +
      'Messages sent to you are held by the senders’ servers and will be delivered as soon as there is ' +
      'room again. Delete the messages you no longer need, then empty the trash.\n',
  },
});
