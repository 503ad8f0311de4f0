// Turn a DomainError into a sentence in the user's language: what went wrong and what to do.
// Domain services put `subject` (what kind of object), `name` (which one) and, for `invalid`, `reason`
// in the error's details; the English developer message is only a fallback.

import type { FailureCode, Locale } from '@vercors/contract';
import type { DomainError } from '#core/errors';
import { defineMessages } from '#core/i18n';

const SUBJECTS = defineMessages({
  fr: {
    domain: 'Le domaine',
    account: 'Le compte',
    alias: 'L’adresse',
    establishment: 'L’établissement',
    object: 'L’objet',
    queueMessage: 'Le message en file',
    dkimKey: 'La clé DKIM',
    network: 'Le réseau de confiance',
    appPassword: 'Le mot de passe d’application',
    session: 'La session',
  },
  en: {
    domain: 'The domain',
    account: 'The account',
    alias: 'The address',
    establishment: 'The establishment',
    object: 'The object',
    queueMessage: 'The queued message',
    dkimKey: 'The DKIM key',
    network: 'The trusted network',
    appPassword: 'The app password',
    session: 'The session',
  },
});

const FAILURE_MESSAGES = defineMessages({
  fr: {
    notFound:
      '{subject} « {name} » est introuvable. Vérifiez l’orthographe (vercors … list affiche ce qui existe).',
    exists: '{subject} « {name} » existe déjà.',
    forbidden: '{subject} « {name} » est introuvable ou vous n’avez pas le droit d’y accéder.',
    overQuota: 'Le quota de « {name} » est atteint. Libérez de la place ou augmentez le quota.',
    tooBig: '{subject} « {name} » dépasse la taille autorisée.',
    limit: 'Une limite est atteinte : {reason}. Réessayez plus tard.',
    invalid: 'Valeur refusée : {reason}',
    inUse: '{subject} « {name} » est encore utilisé : {reason}',
    expunged: 'Le message a été supprimé entre-temps.',
    temporary: 'Échec temporaire : {reason}. Réessayez dans un instant.',
    unavailable: 'Service indisponible : {reason}. Réessayez plus tard.',
    cannotCalculateChanges:
      'Les modifications depuis l’état {name} ne sont plus connues (journal purgé) : resynchronisez entièrement.',
  },
  en: {
    notFound: '{subject} "{name}" was not found. Check the spelling (vercors … list shows what exists).',
    exists: '{subject} "{name}" already exists.',
    forbidden: '{subject} "{name}" was not found or you may not access it.',
    overQuota: 'The quota of "{name}" is reached. Free some space or raise the quota.',
    tooBig: '{subject} "{name}" is larger than allowed.',
    limit: 'A limit was reached: {reason}. Try again later.',
    invalid: 'Value refused: {reason}',
    inUse: '{subject} "{name}" is still in use: {reason}',
    expunged: 'The message was deleted meanwhile.',
    temporary: 'Temporary failure: {reason}. Try again in a moment.',
    unavailable: 'Service unavailable: {reason}. Try again later.',
    cannotCalculateChanges:
      'The changes since state {name} are no longer known (the log was pruned): resynchronise in full.',
  },
});

/** Reasons a domain service may give for `invalid`, `inUse`, `limit`…; unknown reasons are shown as given. */
export const REASONS = defineMessages({
  fr: {
    invalidEmail: 'l’adresse doit être de la forme prenom.nom@domaine (lettres, chiffres, . _ -)',
    invalidDomainName: 'le nom de domaine doit être de la forme ac-academie.fr',
    unknownDomain: 'le domaine de cette adresse n’est pas géré par ce serveur (vercors domain add)',
    passwordTooShort: 'le mot de passe doit contenir au moins {min} caractères',
    passwordTooLong: 'le mot de passe doit contenir au plus {max} caractères',
    passwordTooCommon: 'ce mot de passe est trop courant ; choisissez-en un autre',
    passwordEmpty: 'aucun mot de passe lu sur l’entrée standard',
    invalidUai: 'un code UAI comporte 7 chiffres suivis de sa lettre de contrôle (ex. 0380027Y)',
    unknownEstablishment: 'établissement inconnu (code UAI {uai})',
    domainHasAccounts: 'il reste {count} compte(s) dans ce domaine ; supprimez-les d’abord',
    reasonRequired: 'indiquez un motif avec --reason',
    alreadyActive: 'le compte est déjà actif',
    alreadySuspended: 'le compte est déjà suspendu',
    invalidLocale: 'la langue doit être fr ou en',
    invalidTimeZone: 'fuseau horaire inconnu (ex. Europe/Paris)',
    invalidQuota: 'le quota doit être un nombre positif',
    invalidName: 'le nom ne doit pas être vide ni contenir de caractères de contrôle',
    invalidChoice: '« {value} » n’est pas une valeur possible pour {field} ({choices})',
    invalidDepartment: '« {value} » n’est pas un numéro de département (ex. 38, 2A, 974)',
    establishmentInUse: '{count} compte(s) ou rôle(s) y sont rattachés ; modifiez-les d’abord',
    domainHasAliases: 'il reste {count} alias dans ce domaine ; supprimez-les d’abord',
    passwordTooPersonal: 'le mot de passe ne doit pas reprendre votre nom ou votre adresse',
    reasonTooLong: 'le motif doit tenir en {max} caractères',
    roleNeedsEstablishment: 'le rôle {role} s’applique à un établissement : indiquez son code UAI',
    roleIsGlobal: 'le rôle {role} vaut pour toute l’académie : il ne prend pas d’établissement',
    invalidSelector:
      'un sélecteur DKIM est fait de lettres, chiffres et tirets, éventuellement séparés par des points (ex. vercors202611)',
    invalidRecipient: 'l’adresse du destinataire doit être de la forme nom@domaine',
    invalidSender:
      'l’adresse de l’expéditeur doit être de la forme nom@domaine, ou vide pour une notification',
    noRecipients: 'un message en file a au moins un destinataire',
    cidr: 'une plage d’adresses s’écrit en notation CIDR (ex. 192.0.2.0/24 ou 2001:db8::/48)',
    scope: 'la portée d’un mot de passe d’application est mail, dav ou all',
    name: 'le nom doit compter de 1 à {max} caractères',
    networkLimit: 'au plus {max} réseaux de confiance ; retirez-en d’abord',
    appPasswordLimit:
      'au plus {max} mots de passe d’application par compte ; révoquez d’abord ceux qui ne servent plus',
    invalidNumen: 'un NUMEN compte 13 lettres et chiffres (ex. 08E9501234ABC)',
    numenNotOnFile:
      'aucun NUMEN n’est enregistré pour ce compte (vercors user set-numen) ; vérifiez la carte professionnelle',
    numenCheckLocked:
      '{max} NUMEN erronés en une heure pour ce compte : vérification bloquée ; vérifiez la carte professionnelle',
    identityNotChecked: 'indiquez la vérification d’identité faite : --numen-checked ou --card-seen',
    numenNotChecked:
      'le NUMEN n’a pas été vérifié avec succès dans la dernière demi-heure (vercors helpdesk check-numen)',
    accountDisabled: 'le compte est désactivé : seul un administrateur peut le rétablir',
  },
  en: {
    invalidEmail: 'the address must look like first.last@domain (letters, digits, . _ -)',
    invalidDomainName: 'the domain name must look like ac-academie.fr',
    unknownDomain: 'this address’s domain is not served here (vercors domain add)',
    passwordTooShort: 'the password must have at least {min} characters',
    passwordTooLong: 'the password must have at most {max} characters',
    passwordTooCommon: 'this password is too common; choose another one',
    passwordEmpty: 'no password was read from standard input',
    invalidUai: 'a UAI code is 7 digits followed by its check letter (e.g. 0380027Y)',
    unknownEstablishment: 'unknown establishment (UAI code {uai})',
    domainHasAccounts: '{count} account(s) remain in this domain; delete them first',
    reasonRequired: 'give a reason with --reason',
    alreadyActive: 'the account is already active',
    alreadySuspended: 'the account is already suspended',
    invalidLocale: 'the language must be fr or en',
    invalidTimeZone: 'unknown time zone (e.g. Europe/Paris)',
    invalidQuota: 'the quota must be a positive number',
    invalidName: 'the name must not be empty or contain control characters',
    invalidChoice: '"{value}" is not a valid {field} (one of: {choices})',
    invalidDepartment: '"{value}" is not a department number (e.g. 38, 2A, 974)',
    establishmentInUse: '{count} account(s) or role(s) refer to it; change them first',
    domainHasAliases: '{count} alias(es) remain in this domain; remove them first',
    passwordTooPersonal: 'the password must not be built on your name or address',
    reasonTooLong: 'the reason must fit in {max} characters',
    roleNeedsEstablishment: 'the {role} role applies to one establishment: give its UAI code',
    roleIsGlobal: 'the {role} role covers the whole académie: it takes no establishment',
    invalidSelector:
      'a DKIM selector is letters, digits and hyphens, optionally separated by dots (e.g. vercors202611)',
    invalidRecipient: 'the recipient address must look like name@domain',
    invalidSender: 'the sender address must look like name@domain, or be empty for a notification',
    noRecipients: 'a queued message has at least one recipient',
    cidr: 'an address range is written in CIDR notation (e.g. 192.0.2.0/24 or 2001:db8::/48)',
    scope: 'an app password’s scope is mail, dav or all',
    name: 'the name must have 1 to {max} characters',
    networkLimit: 'at most {max} trusted networks; remove some first',
    appPasswordLimit: 'at most {max} app passwords per account; revoke those no longer used first',
    invalidNumen: 'a NUMEN is 13 letters and digits (e.g. 08E9501234ABC)',
    numenNotOnFile:
      'no NUMEN is on file for this account (vercors user set-numen); check the professional card',
    numenCheckLocked:
      '{max} wrong NUMENs within an hour for this account: checking is locked; check the professional card',
    identityNotChecked: 'say which identity check was made: --numen-checked or --card-seen',
    numenNotChecked:
      'the NUMEN was not checked successfully in the last half hour (vercors helpdesk check-numen)',
    accountDisabled: 'the account is disabled: only an administrator can bring it back',
  },
});

export function describeDomainError(error: DomainError, locale: Locale): string {
  const details = error.details;
  const subjectKey = String(details.subject ?? 'object');
  const subject = (SUBJECTS.keys as readonly string[]).includes(subjectKey)
    ? SUBJECTS.t(locale, subjectKey as (typeof SUBJECTS.keys)[number])
    : subjectKey;
  const isReason = (key: string) => (REASONS.keys as readonly string[]).includes(key);
  // A limit without a reason is the subject's own bound (networkLimit, appPasswordLimit), when there is one.
  const ownLimit = `${subjectKey}Limit`;
  const reasonKey = String(details.reason ?? (error.code === 'limit' && isReason(ownLimit) ? ownLimit : ''));
  const reason = isReason(reasonKey)
    ? REASONS.t(locale, reasonKey as (typeof REASONS.keys)[number], details)
    : reasonKey || error.message;
  return FAILURE_MESSAGES.t(locale, error.code satisfies FailureCode, {
    ...details,
    subject,
    name: String(details.name ?? ''),
    reason,
  });
}
