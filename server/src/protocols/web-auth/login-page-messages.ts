// The words of the server-rendered login pages (the fallback for browsers without JavaScript), French first.

import { defineMessages } from '#core/i18n';

export const LOGIN_PAGE_MESSAGES = defineMessages({
  fr: {
    title: 'Connexion — Messagerie de l’académie',
    heading: 'Connexion à la messagerie',
    email: 'Adresse électronique',
    password: 'Mot de passe',
    shared: 'Ordinateur partagé (salle des professeurs, secrétariat) : me déconnecter rapidement',
    submit: 'Se connecter',
    codeHeading: 'Seconde vérification',
    codeHelp:
      'Saisissez le code à 6 chiffres de votre application d’authentification, ou un code de secours.',
    code: 'Code',
    verify: 'Vérifier',
    signedInAs: 'Vous êtes connecté·e en tant que {email}.',
    openMail: 'Ouvrir la messagerie',
    logout: 'Se déconnecter',
    enrol:
      'Votre compte doit avoir une seconde vérification. Configurez-la dans la messagerie (Paramètres → Sécurité), qui s’ouvre ci-dessous.',
    signedOut: 'Vous êtes déconnecté·e.',
  },
  en: {
    title: 'Sign in — Académie mail',
    heading: 'Sign in to your mail',
    email: 'Email address',
    password: 'Password',
    shared: 'Shared computer (staff room, school office): sign me out quickly',
    submit: 'Sign in',
    codeHeading: 'Second check',
    codeHelp: 'Enter the 6-digit code from your authenticator app, or a recovery code.',
    code: 'Code',
    verify: 'Verify',
    signedInAs: 'You are signed in as {email}.',
    openMail: 'Open your mail',
    logout: 'Sign out',
    enrol:
      'Your account needs a second check. Set it up in the webmail (Settings → Security), which opens below.',
    signedOut: 'You are signed out.',
  },
});
