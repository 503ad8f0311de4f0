// The words of the server-rendered activation page (a new password with the helpdesk's code), French first.

import { defineMessages } from '#core/i18n';

export const ACTIVATION_PAGE_MESSAGES = defineMessages({
  fr: {
    heading: 'Activer votre compte',
    help: 'Saisissez le code d’activation que l’assistance vous a donné, puis choisissez votre nouveau mot de passe. Le code ne sert qu’une fois.',
    email: 'Adresse électronique',
    code: 'Code d’activation',
    newPassword: 'Nouveau mot de passe (une phrase est idéale : long et facile à retenir)',
    confirm: 'Nouveau mot de passe, une seconde fois',
    submit: 'Enregistrer le mot de passe',
    passwordsDiffer: 'Les deux mots de passe ne sont pas identiques.',
    missing: 'Remplissez tous les champs.',
    doneHeading: 'Mot de passe enregistré',
    done: 'Votre compte {email} est actif avec son nouveau mot de passe. Vos anciens appareils sont déconnectés : saisissez-le à nouveau sur chacun (ou créez un mot de passe d’application pour le téléphone).',
    doneSecondFactor:
      'Vos anciennes secondes vérifications sont supprimées : à la connexion, configurez-en une nouvelle (application d’authentification ou clé d’accès).',
    signIn: 'Se connecter',
  },
  en: {
    heading: 'Activate your account',
    help: 'Enter the activation code the helpdesk gave you, then choose your new password. The code works once.',
    email: 'Email address',
    code: 'Activation code',
    newPassword: 'New password (a sentence is ideal: long and easy to remember)',
    confirm: 'New password, once more',
    submit: 'Save the password',
    passwordsDiffer: 'The two passwords are not the same.',
    missing: 'Fill in every field.',
    doneHeading: 'Password saved',
    done: 'Your account {email} is active with its new password. Your former devices are signed out: enter it again on each (or create an app password for your phone).',
    doneSecondFactor:
      'Your former second checks are removed: when you sign in, set up a new one (authenticator app or passkey).',
    signIn: 'Sign in',
  },
});
