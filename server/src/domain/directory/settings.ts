// Directory settings (section `directory`): how the HR import behaves (account creation, the guard against a
// truncated file), the CSV format's columns and separators, and the LDAP source. Like every settings file,
// this imports nothing but #core/config, because read-config.ts loads it in processes that never open the store.

import { booleanSetting, durationSetting, integerSetting, stringSetting, type Setting } from '#core/config';

const ONE_CHARACTER = /^[^\sA-Za-z0-9"]$/;
const ONE_CHARACTER_HINT = {
  fr: 'un seul caractère de ponctuation, ni lettre, ni chiffre, ni guillemet (par exemple | ou /)',
  en: 'a single punctuation character, not a letter, digit or quote (for example | or /)',
};

function column(
  name: string,
  defaultValue: string,
  fr: string,
  en: string,
  isRequired = false,
): Setting<string> {
  return stringSetting({
    key: `directory.csv.column.${name}`,
    default: defaultValue,
    allowEmpty: !isRequired,
    why: {
      fr: `${fr}${isRequired ? ' (obligatoire).' : ' ; vide : colonne non lue.'}`,
      en: `${en}${isRequired ? ' (required).' : '; empty: column not read.'}`,
    },
  });
}

function attribute(
  name: string,
  defaultValue: string,
  fr: string,
  en: string,
  isRequired = false,
): Setting<string> {
  return stringSetting({
    key: `directory.ldap.attribute.${name}`,
    default: defaultValue,
    allowEmpty: !isRequired,
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    patternHint: {
      fr: 'un nom d’attribut LDAP (lettres, chiffres, tirets)',
      en: 'an LDAP attribute name (letters, digits, hyphens)',
    },
    why: {
      fr: `${fr}${isRequired ? ' (obligatoire).' : ' ; vide : non lu.'}`,
      en: `${en}${isRequired ? ' (required).' : '; empty: not read.'}`,
    },
  });
}

export const DIRECTORY_SETTINGS = {
  importCreateAccounts: booleanSetting({
    key: 'directory.import.create-accounts',
    default: true,
    why: {
      fr: 'Une personne nouvelle dont l’adresse est dans un domaine servi reçoit un compte sans mot de passe (activé par un code remis par l’assistance) ; false : les comptes se créent à la main et l’import les rattache.',
      en: 'A new person whose address is in a served domain gets an account without a password (activated with a code from the helpdesk); false: accounts are created by hand and the import links them.',
    },
  }),
  importDailyAt: stringSetting({
    key: 'directory.import.daily-at',
    default: '',
    allowEmpty: true,
    pattern: /^([01]\d|2[0-3]):[0-5]\d$/,
    patternHint: {
      fr: 'vide, ou une heure HH:MM (heure de Paris)',
      en: 'empty, or a time HH:MM (Paris time)',
    },
    why: {
      fr: 'Heure (de Paris) de l’import RH quotidien, depuis directory.import.csv-file s’il est défini, sinon depuis l’annuaire LDAP ; vide : pas d’import planifié (vercors directory import à la main).',
      en: 'Paris time of the daily HR import, from directory.import.csv-file when set, else from the LDAP directory; empty: no scheduled import (run vercors directory import by hand).',
    },
  }),
  importCsvFile: stringSetting({
    key: 'directory.import.csv-file',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Fichier CSV que le SIRH dépose chaque nuit, lu par l’import planifié (directory.import.daily-at) ; vide : l’import planifié lit l’annuaire LDAP.',
      en: 'CSV file the HR system drops every night, read by the scheduled import (directory.import.daily-at); empty: the scheduled import reads the LDAP directory.',
    },
  }),
  importMaxDepartureShare: integerSetting({
    key: 'directory.import.max-departure-share',
    default: 10,
    min: 0,
    max: 100,
    why: {
      fr: 'Part maximale (en %) des personnes présentes qu’un import complet peut marquer parties sans --force : un fichier tronqué ne doit pas suspendre des milliers de comptes ; 10 % dépasse largement un mouvement de rentrée.',
      en: 'Largest share (in %) of present people a complete import may mark departed without --force: a truncated file must not suspend thousands of accounts; 10% is well above a new school year’s turnover.',
    },
  }),
  csvListSeparator: stringSetting({
    key: 'directory.csv.list-separator',
    default: '|',
    pattern: ONE_CHARACTER,
    patternHint: ONE_CHARACTER_HINT,
    why: {
      fr: 'Sépare les valeurs d’une cellule à plusieurs valeurs (disciplines, établissements) ; | n’apparaît dans aucun nom.',
      en: 'Separates the values of a multi-valued cell (disciplines, establishments); | appears in no name.',
    },
  }),
  csvRoleSeparator: stringSetting({
    key: 'directory.csv.role-separator',
    default: ':',
    pattern: ONE_CHARACTER,
    patternHint: ONE_CHARACTER_HINT,
    why: {
      fr: 'Sépare le code UAI du rôle dans la cellule des établissements (0380027Y:enseignant).',
      en: 'Separates the UAI code from the role in the establishments cell (0380027Y:enseignant).',
    },
  }),
  csvHrId: column(
    'hr-id',
    'matricule',
    'Colonne de l’identifiant RH stable',
    'Column of the stable HR identifier',
    true,
  ),
  csvFamilyName: column('family-name', 'nom', 'Colonne du nom de famille', 'Column of the family name', true),
  csvGivenName: column('given-name', 'prenom', 'Colonne du prénom', 'Column of the given name', true),
  csvDisplayName: column(
    'display-name',
    'nom_affiche',
    'Colonne du nom affiché',
    'Column of the display name',
  ),
  csvEmail: column(
    'email',
    'courriel',
    'Colonne de l’adresse professionnelle',
    'Column of the professional address',
  ),
  csvTitle: column('title', 'fonction', 'Colonne de la fonction', 'Column of the function (title)'),
  csvCategory: column(
    'category',
    'categorie',
    'Colonne de la catégorie de personnel',
    'Column of the staff category',
  ),
  csvDisciplines: column(
    'disciplines',
    'disciplines',
    'Colonne des disciplines',
    'Column of the disciplines',
  ),
  csvEstablishments: column(
    'establishments',
    'etablissements',
    'Colonne des établissements avec le rôle',
    'Column of the establishments with the role',
  ),
  csvPhone: column(
    'phone',
    'telephone',
    'Colonne du téléphone professionnel',
    'Column of the professional phone',
  ),
  ldapUrl: stringSetting({
    key: 'directory.ldap.url',
    default: '',
    allowEmpty: true,
    pattern: /^ldaps?:\/\/[^\s/]+\/?$/,
    patternHint: { fr: 'ldap://hote:389 ou ldaps://hote:636', en: 'ldap://host:389 or ldaps://host:636' },
    why: {
      fr: 'Annuaire LDAP source de l’import RH (ldaps:// de préférence) ; vide : pas de source LDAP.',
      en: 'LDAP directory the HR import reads (ldaps:// preferably); empty: no LDAP source.',
    },
  }),
  ldapBindDn: stringSetting({
    key: 'directory.ldap.bind-dn',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Compte de lecture de l’annuaire ; vide : connexion anonyme.',
      en: 'The directory account used to read; empty: anonymous bind.',
    },
  }),
  ldapPasswordFile: stringSetting({
    key: 'directory.ldap.password-file',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Fichier contenant le mot de passe de ce compte (jamais le mot de passe dans la configuration, lisible du seul service).',
      en: 'File holding that account’s password (never the password in the configuration; readable by the service only).',
    },
  }),
  ldapBaseDn: stringSetting({
    key: 'directory.ldap.base-dn',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Branche où chercher les personnes (ou=personnels,dc=ac-grenoble,dc=fr).',
      en: 'Subtree where people are searched (ou=personnels,dc=ac-grenoble,dc=fr).',
    },
  }),
  ldapFilter: stringSetting({
    key: 'directory.ldap.filter',
    default: '(objectClass=inetOrgPerson)',
    why: {
      fr: 'Filtre LDAP des entrées à importer.',
      en: 'LDAP filter of the entries to import.',
    },
  }),
  ldapPageSize: integerSetting({
    key: 'directory.ldap.page-size',
    default: 500,
    min: 10,
    max: 5000,
    why: {
      fr: 'Entrées par page de recherche (RFC 2696) : sous la limite usuelle des serveurs (1000 pour OpenLDAP et Active Directory).',
      en: 'Entries per search page (RFC 2696): under servers’ usual limit (1000 for OpenLDAP and Active Directory).',
    },
  }),
  ldapTimeout: durationSetting({
    key: 'directory.ldap.timeout',
    default: 30_000,
    minMs: 1000,
    maxMs: 600_000,
    why: {
      fr: 'Délai de connexion et de chaque opération LDAP : un annuaire injoignable ne bloque pas l’import indéfiniment.',
      en: 'Timeout of the connection and of each LDAP operation: an unreachable directory does not hold the import forever.',
    },
  }),
  ldapMaxEntries: integerSetting({
    key: 'directory.ldap.max-entries',
    default: 200_000,
    min: 1,
    max: 1_000_000,
    why: {
      fr: 'Nombre maximal d’entrées lues : au-delà, un filtre trop large (tout l’annuaire national) est refusé plutôt que de saturer la mémoire.',
      en: 'Most entries read: beyond it, a filter that is too broad (the whole national directory) is refused rather than exhausting memory.',
    },
  }),
  ldapHrId: attribute(
    'hr-id',
    'uid',
    'Attribut de l’identifiant RH stable',
    'Attribute of the stable HR identifier',
    true,
  ),
  ldapFamilyName: attribute(
    'family-name',
    'sn',
    'Attribut du nom de famille',
    'Attribute of the family name',
    true,
  ),
  ldapGivenName: attribute(
    'given-name',
    'givenName',
    'Attribut du prénom',
    'Attribute of the given name',
    true,
  ),
  ldapDisplayName: attribute(
    'display-name',
    'displayName',
    'Attribut du nom affiché',
    'Attribute of the display name',
  ),
  ldapEmail: attribute(
    'email',
    'mail',
    'Attribut de l’adresse professionnelle',
    'Attribute of the professional address',
  ),
  ldapTitle: attribute('title', 'title', 'Attribut de la fonction', 'Attribute of the function'),
  ldapCategory: attribute(
    'category',
    'employeeType',
    'Attribut de la catégorie de personnel',
    'Attribute of the staff category',
  ),
  ldapDisciplines: attribute(
    'disciplines',
    'businessCategory',
    'Attribut des disciplines (plusieurs valeurs)',
    'Attribute of the disciplines (multi-valued)',
  ),
  ldapEstablishments: attribute(
    'establishments',
    'departmentNumber',
    'Attribut des codes UAI (plusieurs valeurs, UAI:rôle possible, la première est l’établissement principal)',
    'Attribute of the UAI codes (multi-valued, UAI:role allowed, the first one is the main establishment)',
  ),
  ldapPhone: attribute(
    'phone',
    'telephoneNumber',
    'Attribut du téléphone professionnel',
    'Attribute of the professional phone',
  ),
} as const;
