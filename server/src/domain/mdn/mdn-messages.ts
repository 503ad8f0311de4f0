// The mdn module's words, French first: the subject and the human-readable part of a read receipt whose client
// left them empty. The sentences follow RFC 8098 §3.2.6.2's meaning of each disposition type, and, like its
// example, say that "displayed" is no proof the message was read.

import { defineMessages } from '#core/i18n';

export const MDN_MESSAGES = defineMessages({
  fr: {
    subject: 'Accusé de lecture : {subject}',
    subjectAlone: 'Accusé de lecture',
    messageWithSubject: 'Votre message « {subject} »',
    messageAlone: 'Votre message',
    'body.displayed':
      '{message}, adressé à {recipient}, a été affiché. Cela ne garantit pas qu’il ait été lu ni compris.\n',
    'body.deleted': '{message}, adressé à {recipient}, a été supprimé. Il a pu être lu, ou non.\n',
    'body.dispatched':
      '{message}, adressé à {recipient}, a été transmis (imprimé, faxé ou transféré) sans avoir forcément été affiché.\n',
    'body.processed': '{message}, adressé à {recipient}, a été traité automatiquement sans être affiché.\n',
  },
  en: {
    subject: 'Read: {subject}',
    subjectAlone: 'Read receipt',
    messageWithSubject: 'Your message "{subject}"',
    messageAlone: 'Your message',
    'body.displayed':
      '{message} to {recipient} has been displayed. This is no guarantee that it has been read or understood.\n',
    'body.deleted': '{message} to {recipient} has been deleted. It may or may not have been read.\n',
    'body.dispatched':
      '{message} to {recipient} has been sent on (printed, faxed or forwarded) without necessarily being displayed.\n',
    'body.processed': '{message} to {recipient} has been processed automatically without being displayed.\n',
  },
});
