// Messages of `vercors mail import`, French first.

import { defineMessages } from '#core/i18n';

export const MAIL_IMPORT_MESSAGES = defineMessages({
  fr: {
    sourceRequired: 'indiquez --maildir DOSSIER ou --mbox FICHIER_OU_DOSSIER (l’un des deux)',
    badInto: '--into attend un chemin de dossiers séparés par / (ex. « Archives/Ancien webmail »)',
    pathMissing: '« {path} » est introuvable ou illisible ({code}).',
    noMaildir: '« {path} » ne contient pas de Maildir : aucun dossier cur/ ou new/.',
    noMbox: '« {path} » ne contient aucun fichier mbox : aucun ne commence par une ligne « From ».',
    progressMessages: '{folder} : {position}/{total} messages — {rate} messages/s',
    progressBytes: '{folder} : {position} lus sur {total} ({percent} %) — {rate} messages/s',
    doneHeader:
      'Import dans {account} terminé en {duration} : {imported} importé(s), {present} déjà présent(s), {deleted} supprimé(s) dans la source (ignorés), {rejected} refusé(s).',
    dryHeader:
      'Simulation pour {account}, rien n’a été écrit : {imported} à importer, {present} déjà présent(s), {deleted} supprimé(s) dans la source (ignorés), {rejected} refusé(s).',
    folderLine:
      '  {source} → {target}{isNew} : {messages} lu(s), {imported} importé(s), {present} déjà présent(s), {deleted} supprimé(s), {rejected} refusé(s)',
    folderLineDry:
      '  {source} → {target}{isNew} : {messages} lu(s), {imported} à importer, {present} déjà présent(s), {deleted} supprimé(s), {rejected} refusé(s)',
    isNew: ' (nouveau)',
    folderError: '  {source} : non importé — {reason}',
    created: 'Dossiers créés : {list}',
    toCreate: 'Dossiers à créer : {list}',
    rejectedHeader: 'Messages refusés :',
    rejectedHeaderFirst: 'Messages refusés (les {shown} premiers sur {total}) :',
    rejectedLine: '  {folder} {message} : {reason}',
    reasonTooBig: 'plus gros que la limite de {max} ({size})',
    reasonUnreadable: 'illisible ({detail})',
    reasonRefused: 'refusé par le stockage ({code})',
    ignored: 'Fichiers laissés de côté (pas au format mbox) : {list}',
    quotaFits:
      'Quota : {bytes} et {messages} message(s) à importer ; il reste {freeBytes} et {freeMessages} message(s) de libre.',
    quotaShort:
      'Quota insuffisant : {bytes} et {messages} message(s) à importer, mais il ne reste que {freeBytes} et {freeMessages} message(s) de libre. L’import s’arrêtera au quota ; augmentez-le d’abord.',
    quotaStopped:
      'Arrêt : le quota de {account} est atteint ({limit}) pendant l’import de « {folder} ». {imported} message(s) importé(s) jusque-là ; rien n’est perdu.',
    quotaBytes: '{used} utilisés sur {max}',
    quotaMessages: '{used} messages sur {max}',
    quotaHintCategory:
      'Augmentez le quota par défaut de sa catégorie ({setting} dans vercors.conf ; aucune commande ne change encore le quota d’un seul compte), puis relancez la même commande : les messages déjà importés sont ignorés.',
    quotaHintOverride:
      'Ce compte a son propre quota (fixé à sa création par vercors user add --quota) et aucune commande ne le change encore ; une fois le quota augmenté, relancez la même commande : les messages déjà importés sont ignorés.',
    interrupted:
      'Import interrompu après {imported} message(s) importé(s) (dossier « {folder} ») : relancez la même commande pour continuer ; les messages déjà importés sont ignorés.',
    seconds: '{seconds} s',
    minutes: '{minutes} min {seconds} s',
  },
  en: {
    sourceRequired: 'give --maildir FOLDER or --mbox FILE_OR_FOLDER (one of them)',
    badInto: '--into takes a path of folders separated by / (e.g. "Archives/Old webmail")',
    pathMissing: '"{path}" cannot be found or read ({code}).',
    noMaildir: '"{path}" holds no Maildir: no cur/ or new/ folder.',
    noMbox: '"{path}" holds no mbox file: none starts with a "From " line.',
    progressMessages: '{folder}: {position}/{total} messages — {rate} messages/s',
    progressBytes: '{folder}: {position} read of {total} ({percent} %) — {rate} messages/s',
    doneHeader:
      'Import into {account} finished in {duration}: {imported} imported, {present} already present, {deleted} deleted in the source (skipped), {rejected} rejected.',
    dryHeader:
      'Dry run for {account}, nothing was written: {imported} to import, {present} already present, {deleted} deleted in the source (skipped), {rejected} rejected.',
    folderLine:
      '  {source} → {target}{isNew}: {messages} read, {imported} imported, {present} already present, {deleted} deleted, {rejected} rejected',
    folderLineDry:
      '  {source} → {target}{isNew}: {messages} read, {imported} to import, {present} already present, {deleted} deleted, {rejected} rejected',
    isNew: ' (new)',
    folderError: '  {source}: not imported — {reason}',
    created: 'Mailboxes created: {list}',
    toCreate: 'Mailboxes to create: {list}',
    rejectedHeader: 'Rejected messages:',
    rejectedHeaderFirst: 'Rejected messages (the first {shown} of {total}):',
    rejectedLine: '  {folder} {message}: {reason}',
    reasonTooBig: 'larger than the {max} limit ({size})',
    reasonUnreadable: 'unreadable ({detail})',
    reasonRefused: 'refused by the store ({code})',
    ignored: 'Files left alone (not mbox): {list}',
    quotaFits:
      'Quota: {bytes} and {messages} message(s) to import; {freeBytes} and {freeMessages} message(s) are free.',
    quotaShort:
      'Quota too small: {bytes} and {messages} message(s) to import, but only {freeBytes} and {freeMessages} message(s) are free. The import will stop at the quota; raise it first.',
    quotaStopped:
      'Stopped: the quota of {account} is reached ({limit}) while importing "{folder}". {imported} message(s) were imported until then; nothing is lost.',
    quotaBytes: '{used} used of {max}',
    quotaMessages: '{used} messages of {max}',
    quotaHintCategory:
      'Raise the default quota of its category ({setting} in vercors.conf; no command changes a single account’s quota yet), then run the same command again: messages already imported are skipped.',
    quotaHintOverride:
      'This account has its own quota (set at creation by vercors user add --quota) and no command changes it yet; once the quota is raised, run the same command again: messages already imported are skipped.',
    interrupted:
      'Import interrupted after {imported} imported message(s) (folder "{folder}"): run the same command again to go on; messages already imported are skipped.',
    seconds: '{seconds} s',
    minutes: '{minutes} min {seconds} s',
  },
});

export type MailImportMessageKey = (typeof MAIL_IMPORT_MESSAGES.keys)[number];
