// What the DAV server says to people, French first, English second: the names of its own books, and the
// plain-text bodies of its refusals (a client shows them as they are, so each says what went wrong and what
// to do). The language is chosen per request (dav-locale.ts).

import { defineMessages } from '#core/i18n';

export const DAV_MESSAGES = defineMessages({
  fr: {
    directoryBookName: 'Annuaire de l’académie',
    directoryBookDescription: 'Les personnels de l’académie, en lecture seule',

    // Before authentication (401, 429).
    authenticationRequired:
      'Adresse ou mot de passe absent ou incorrect : saisissez votre adresse académique complète et un mot de passe d’application pour les contacts et agendas, créé dans les réglages de la messagerie.',
    appPasswordRequired:
      'Ce compte doit utiliser un mot de passe d’application pour les contacts et agendas : créez-en un dans les réglages de la messagerie, puis saisissez-le dans l’application à la place de votre mot de passe.',
    appPasswordScope:
      'Ce mot de passe d’application ne sert pas aux contacts et agendas : créez-en un de portée « contacts et agendas » dans les réglages de la messagerie.',
    loginLocked:
      'Trop de tentatives de connexion échouées : réessayez dans un quart d’heure, en vérifiant l’adresse et le mot de passe d’application.',

    // The request itself (400, 413, 415, 501).
    methodNotSupported:
      'La méthode {method} n’est pas prise en charge par ce serveur. Pour déplacer une fiche, enregistrez-la dans l’autre carnet puis supprimez-la du premier.',
    badXml:
      'Le corps de la requête n’est pas un document XML WebDAV valide : l’application a envoyé une requête mal formée.',
    badEncoding: 'Le corps de la requête doit être encodé en UTF-8.',
    badDepth: 'L’en-tête Depth doit valoir 0, 1 ou infinity.',
    badEtag: 'Les en-têtes If-Match et If-None-Match doivent valoir * ou une liste d’ETag entre guillemets.',
    badFilter: 'Le filtre de la recherche n’est pas compris (type de correspondance inconnu).',
    badLimit: 'La limite demandée (nresults) doit être un entier positif.',
    badRequest:
      'Requête WebDAV invalide : l’application a envoyé une requête que le serveur ne comprend pas.',
    wrongBody: 'Le corps de la requête doit être un élément XML {element}.',
    requestTooBig:
      'La requête est trop volumineuse : demandez moins d’éléments à la fois (par exemple moins de fiches par multiget).',
    tooManyHrefs: 'Au plus {max} fiches par multiget : demandez-les en plusieurs fois.',

    // Refusals about books and cards (404, 409, 403, 412, 503).
    notFound: 'Introuvable : ce carnet ou cette fiche n’existe pas, ou plus. Resynchronisez la liste.',
    bookMissing: 'Le carnet d’adresses n’existe pas : créez-le d’abord, ou choisissez-en un autre.',
    parentMissing:
      'La collection parente n’existe pas : un carnet se crée directement dans votre dossier de carnets.',
    exists: 'Cet élément existe déjà : choisissez un autre nom.',
    inUse:
      'Ce carnet ne peut pas être supprimé : chaque compte garde ses carnets Contacts et Adresses collectées.',
    hasCards: 'Ce carnet contient encore des fiches : supprimez-les ou déplacez-les d’abord.',
    preconditionFailed:
      'La fiche a été modifiée ou supprimée entre-temps sur un autre appareil : synchronisez, puis recommencez.',
    nameRefused:
      'Nom ou description refusé : au plus {maxName} caractères pour un nom et {maxDescription} pour une description, sans caractère de contrôle (ni barre oblique dans le nom de ressource).',
    valueRefused: 'Donnée refusée par le serveur : vérifiez le fichier ou le nom envoyé.',
    unavailable: 'Service momentanément indisponible : réessayez dans un instant.',
    internalError:
      'Erreur interne (incident {incident}). Réessayez ; si elle persiste, transmettez ce numéro d’incident à l’assistance.',
  },
  en: {
    directoryBookName: 'Académie directory',
    directoryBookDescription: 'The académie’s staff, read-only',

    authenticationRequired:
      'Missing or wrong address or password: enter your full académie address and an app password for contacts and calendars, created in the webmail settings.',
    appPasswordRequired:
      'This account must use an app password for contacts and calendars: create one in the webmail settings, then enter it in the app instead of your password.',
    appPasswordScope:
      'This app password is not for contacts and calendars: create one with the scope “contacts and calendars” in the webmail settings.',
    loginLocked:
      'Too many failed sign-ins: try again in a quarter of an hour, after checking the address and the app password.',

    methodNotSupported:
      'The {method} method is not supported by this server. To move a card, save it in the other book, then delete it from the first.',
    badXml: 'The request body is not a valid WebDAV XML document: the app sent a malformed request.',
    badEncoding: 'The request body must be encoded in UTF-8.',
    badDepth: 'The Depth header must be 0, 1 or infinity.',
    badEtag: 'The If-Match and If-None-Match headers must be * or a list of quoted ETags.',
    badFilter: 'The search filter is not understood (unknown match type).',
    badLimit: 'The requested limit (nresults) must be a positive whole number.',
    badRequest: 'Invalid WebDAV request: the app sent a request the server does not understand.',
    wrongBody: 'The request body must be a {element} XML element.',
    requestTooBig:
      'The request is too large: ask for fewer items at a time (for example fewer cards per multiget).',
    tooManyHrefs: 'At most {max} cards per multiget: ask for them in several requests.',

    notFound:
      'Not found: this address book or card does not exist, or no longer does. Resynchronise the list.',
    bookMissing: 'The address book does not exist: create it first, or choose another one.',
    parentMissing:
      'The parent collection does not exist: a book is created directly in your address-book home.',
    exists: 'This already exists: choose another name.',
    inUse:
      'This address book cannot be deleted: every account keeps its Contacts and Collected addresses books.',
    hasCards: 'This address book still holds cards: delete or move them first.',
    preconditionFailed:
      'The card was changed or deleted meanwhile on another device: synchronise, then try again.',
    nameRefused:
      'Name or description refused: at most {maxName} characters for a name and {maxDescription} for a description, with no control character (nor a slash in the resource name).',
    valueRefused: 'The server refused the data: check the file or the name sent.',
    unavailable: 'Service temporarily unavailable: try again in a moment.',
    internalError:
      'Internal error (incident {incident}). Try again; if it persists, give this incident number to the helpdesk.',
  },
});

export type DavMessage = (typeof DAV_MESSAGES.keys)[number];
