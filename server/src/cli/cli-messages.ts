// Messages of the command dispatcher itself (help, usage and error reporting).

import { defineMessages } from '#core/i18n';

export const CLI_MESSAGES = defineMessages({
  fr: {
    usageHeader: 'Utilisation : vercors <commande> [options]',
    commandsHeader: 'Commandes :',
    globalOptions:
      'Options communes : --json (sortie pour les scripts), --data DOSSIER, --config FICHIER, --help',
    unknownCommand: 'Commande inconnue « {command} ». Tapez « vercors help » pour la liste des commandes.',
    badUsage: '{problem}\nUtilisation : vercors {command} {usage}',
    wrongArgumentCount: 'Nombre d’arguments incorrect (attendu : {expected}).',
    configInvalid: 'La configuration contient {count} problème(s) ; corrigez-les puis relancez :',
    configWarning: 'Avertissement de configuration : {warning}',
    domainFailure: '{message}',
    internalError:
      'Erreur interne (incident {incident}). Rien n’a été modifié à moitié ; réessayez, et si le problème persiste, transmettez ce numéro d’incident à l’équipe technique.',
    storeUnavailable: 'Le stockage est indisponible : {message}. Vérifiez la base de données puis réessayez.',
  },
  en: {
    usageHeader: 'Usage: vercors <command> [options]',
    commandsHeader: 'Commands:',
    globalOptions: 'Common options: --json (output for scripts), --data FOLDER, --config FILE, --help',
    unknownCommand: 'Unknown command "{command}". Type "vercors help" for the list of commands.',
    badUsage: '{problem}\nUsage: vercors {command} {usage}',
    wrongArgumentCount: 'Wrong number of arguments (expected: {expected}).',
    configInvalid: 'The configuration has {count} problem(s); fix them and run again:',
    configWarning: 'Configuration warning: {warning}',
    domainFailure: '{message}',
    internalError:
      'Internal error (incident {incident}). Nothing was half-written; try again, and if it persists, give this incident number to the technical team.',
    storeUnavailable: 'Storage is unavailable: {message}. Check the database and try again.',
  },
});
