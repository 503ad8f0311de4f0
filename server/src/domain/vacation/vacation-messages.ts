// The vacation module's words, French first: the subject and text of an automatic reply whose owner left them
// empty (RFC 5230 §4.3 suggests "Auto: " before the original subject; French mail says "Réponse automatique").

import { defineMessages } from '#core/i18n';

export const VACATION_MESSAGES = defineMessages({
  fr: {
    'reply.subject': 'Réponse automatique : {subject}',
    'reply.subjectAlone': 'Réponse automatique',
    'reply.body': 'Bonjour,\n\nJe suis actuellement absent(e) et je lirai votre message à mon retour.\n',
  },
  en: {
    'reply.subject': 'Auto: {subject}',
    'reply.subjectAlone': 'Automatic reply',
    'reply.body': 'Hello,\n\nI am away at the moment and will read your message when I am back.\n',
  },
});
