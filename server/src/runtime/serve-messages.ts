// What `vercors serve` tells the person who started it, in French first and English. Operational details
// go to the JSON log; these lines are for a human at a terminal.

import { defineMessages } from '#core/i18n';

export const SERVE_MESSAGES = defineMessages({
  fr: {
    ready: 'Vercors est prêt : {url}',
    readyHttps: 'Aussi en HTTPS : {url}',
    readyWithoutWeb: 'Vercors est prêt, sans accès web (listen.http et listen.https sont vides).',
    demoCreated:
      'Démonstration créée pour le domaine {domain}. Identifiants (affichés cette fois seulement, et enregistrés dans {file}) :',
    demoLogin: '  {role} : {email} / {password}',
    demoAdministrator: 'administrateur de l’académie',
    listenFailed:
      'Impossible d’écouter sur {address} ({setting}) : {reason}. Choisissez une autre adresse pour {setting} (variable {env}) ou arrêtez le programme qui l’occupe.',
    reasonInUse: 'adresse déjà utilisée',
    reasonDenied: 'permission refusée (un port inférieur à 1024 demande des droits particuliers)',
    reasonNotLocal: 'cette adresse n’appartient pas à cette machine',
    reasonOther: 'erreur {code}',
    workerConfigInvalid: 'Un processus de service a refusé la configuration ({count} problème(s)) :',
    workersCannotStart:
      'Le processus de service n° {worker} n’a pas pu démarrer ({count} échecs de suite) ; la cause est dans le journal ci-dessus.',
  },
  en: {
    ready: 'Vercors is ready: {url}',
    readyHttps: 'Also over HTTPS: {url}',
    readyWithoutWeb: 'Vercors is ready, without web access (listen.http and listen.https are empty).',
    demoCreated: 'Demo created for the domain {domain}. Logins (shown this time only, and saved in {file}):',
    demoLogin: '  {role}: {email} / {password}',
    demoAdministrator: 'académie administrator',
    listenFailed:
      'Cannot listen on {address} ({setting}): {reason}. Choose another address for {setting} (variable {env}) or stop the program that holds it.',
    reasonInUse: 'address already in use',
    reasonDenied: 'permission denied (a port below 1024 needs special rights)',
    reasonNotLocal: 'this address does not belong to this machine',
    reasonOther: 'error {code}',
    workerConfigInvalid: 'A server process refused the configuration ({count} problem(s)):',
    workersCannotStart:
      'Server process #{worker} could not start ({count} failures in a row); the cause is in the log above.',
  },
});
