// The words of the delivery status notifications we send (bounces, delay warnings, success reports). The
// reader's language is unknown, so a notification carries the French text first, then the English.

import { defineMessages } from '#core/i18n';

export const DSN_MESSAGES = defineMessages({
  fr: {
    fromName: 'Serveur de messagerie',
    subjectFailure: 'Message non distribué',
    subjectDelay: 'Message pas encore distribué',
    subjectSuccess: 'Message distribué',
    introFailure:
      'Ceci est le serveur de messagerie {host}.\n\nVotre message n’a pas pu être remis aux destinataires ci-dessous. Il ne sera plus retenté : vérifiez l’adresse ou contactez le destinataire par un autre moyen.',
    introDelay:
      'Ceci est le serveur de messagerie {host}.\n\nVotre message n’a pas encore pu être remis aux destinataires ci-dessous. Le serveur continue d’essayer jusqu’au {until} ; vous n’avez rien à faire pour l’instant. Vous serez prévenu si la remise échoue définitivement.',
    introSuccess:
      'Ceci est le serveur de messagerie {host}.\n\nVotre message a été remis aux destinataires ci-dessous, comme vous l’aviez demandé.',
    recipientLine: '<{address}> : {detail}',
    originalAttached: 'Le message d’origine est joint.',
    headersAttached: 'Les en-têtes du message d’origine sont joints.',
  },
  en: {
    fromName: 'Mail Delivery System',
    subjectFailure: 'Undelivered Mail Returned to Sender',
    subjectDelay: 'Delayed Mail (still being retried)',
    subjectSuccess: 'Successful Mail Delivery Report',
    introFailure:
      'This is the mail system at {host}.\n\nYour message could not be delivered to the recipients below. It will not be retried: check the address or reach the recipient another way.',
    introDelay:
      'This is the mail system at {host}.\n\nYour message could not be delivered to the recipients below yet. The server keeps trying until {until}; there is nothing for you to do for now. You will be told if delivery finally fails.',
    introSuccess:
      'This is the mail system at {host}.\n\nYour message was delivered to the recipients below, as you asked.',
    recipientLine: '<{address}>: {detail}',
    originalAttached: 'The original message is attached.',
    headersAttached: 'The headers of the original message are attached.',
  },
});
