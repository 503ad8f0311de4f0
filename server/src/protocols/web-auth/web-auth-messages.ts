// What the login endpoints say to people, French first. The web app shows `message` as it is; `error` is the
// stable code it may act on.

import { defineMessages } from '#core/i18n';

export const WEB_AUTH_MESSAGES = defineMessages({
  fr: {
    invalidCredentials:
      'Adresse ou mot de passe incorrect. Si votre compte a été suspendu, contactez l’assistance de l’académie.',
    secondFactorNotEnrolled:
      'Une seconde vérification est exigée hors du réseau de votre établissement, et votre compte n’en a pas encore. Configurez-la depuis votre établissement, ou contactez l’assistance.',
    loginLocked: 'Trop de tentatives. Réessayez dans quelques minutes.',
    wrongCode: 'Code incorrect. Vérifiez l’heure de votre téléphone et réessayez.',
    loginExpired: 'La connexion a expiré. Saisissez à nouveau votre mot de passe.',
    signedOut: 'Votre session a pris fin. Connectez-vous à nouveau.',
    csrf: 'La page n’est plus à jour. Rechargez-la puis recommencez.',
    reauthenticate: 'Pour cette modification, saisissez à nouveau votre mot de passe.',
    wrongPassword: 'Mot de passe incorrect.',
    badRequest: 'Requête invalide : {detail}',
    notFound: 'Introuvable : il a peut-être déjà été supprimé.',
    limit: 'Limite atteinte ({max}). Supprimez un élément inutilisé d’abord.',
    exists: 'Cet élément existe déjà.',
    inUse: 'Encore utilisé ({count}) : retirez d’abord ce qui en dépend.',
    tooBig: 'Réponse trop volumineuse.',
    crossSite: 'Requête refusée : elle ne vient pas de cette messagerie.',
    serverFail:
      'Erreur inattendue (incident {incident}). Réessayez ; si elle persiste, signalez ce numéro à l’assistance.',
    invalidActivationCode:
      'Adresse ou code d’activation incorrect, ou code expiré. Vérifiez-les, ou demandez un nouveau code à l’assistance.',
    passwordEmpty: 'Choisissez un mot de passe.',
    passwordTooShort: 'Le mot de passe doit contenir au moins {min} caractères.',
    passwordTooLong: 'Le mot de passe doit contenir au plus {max} caractères.',
    passwordTooCommon: 'Ce mot de passe est trop courant : choisissez-en un autre (une phrase, par exemple).',
    passwordTooPersonal: 'Le mot de passe ne doit pas reprendre votre nom ni votre adresse.',
    forbidden: 'Vous n’avez pas le droit de faire cela pour ce compte.',
    invalidNumen: 'Un NUMEN compte 13 lettres et chiffres.',
    numenNotOnFile: 'Aucun NUMEN n’est enregistré pour ce compte : vérifiez la carte professionnelle.',
    numenCheckLocked:
      'Trop de NUMEN erronés pour ce compte : vérification bloquée pendant une heure. Vérifiez la carte professionnelle.',
    identityNotChecked: 'Indiquez la vérification d’identité faite : NUMEN ou carte professionnelle.',
    numenNotChecked: 'Le NUMEN n’a pas été vérifié (avec succès, par vous, dans la dernière demi-heure).',
    accountDisabled: 'Ce compte est désactivé : seul un administrateur peut le rétablir.',
  },
  en: {
    invalidCredentials:
      'Wrong address or password. If your account has been suspended, contact the académie’s helpdesk.',
    secondFactorNotEnrolled:
      'A second check is required outside your establishment’s network, and your account has none yet. Set one up from your establishment, or contact the helpdesk.',
    loginLocked: 'Too many attempts. Try again in a few minutes.',
    wrongCode: 'Wrong code. Check your phone’s clock and try again.',
    loginExpired: 'The sign-in has expired. Enter your password again.',
    signedOut: 'Your session has ended. Sign in again.',
    csrf: 'The page is out of date. Reload it and try again.',
    reauthenticate: 'For this change, enter your password again.',
    wrongPassword: 'Wrong password.',
    badRequest: 'Invalid request: {detail}',
    notFound: 'Not found: it may have been removed already.',
    limit: 'Limit reached ({max}). Remove an unused one first.',
    exists: 'This already exists.',
    inUse: 'Still in use ({count}): remove what depends on it first.',
    tooBig: 'Response too large.',
    crossSite: 'Request refused: it does not come from this webmail.',
    serverFail:
      'Unexpected error (incident {incident}). Try again; if it persists, give this number to the helpdesk.',
    invalidActivationCode:
      'Wrong address or activation code, or the code has expired. Check them, or ask the helpdesk for a new code.',
    passwordEmpty: 'Choose a password.',
    passwordTooShort: 'The password must have at least {min} characters.',
    passwordTooLong: 'The password must have at most {max} characters.',
    passwordTooCommon: 'This password is too common: choose another one (a sentence, for example).',
    passwordTooPersonal: 'The password must not be built on your name or address.',
    forbidden: 'You may not do this for this account.',
    invalidNumen: 'A NUMEN is 13 letters and digits.',
    numenNotOnFile: 'No NUMEN is on file for this account: check the professional card.',
    numenCheckLocked:
      'Too many wrong NUMENs for this account: checking is locked for an hour. Check the professional card.',
    identityNotChecked: 'Say which identity check was made: NUMEN or professional card.',
    numenNotChecked: 'The NUMEN was not checked (successfully, by you, in the last half hour).',
    accountDisabled: 'This account is disabled: only an administrator can bring it back.',
  },
});

export type WebAuthMessage = (typeof WEB_AUTH_MESSAGES.keys)[number];
