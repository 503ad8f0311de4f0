// What is wrong with a setting's value, in the administrator's language.

import type { Locale } from '@vercors/contract';
import { defineMessages } from '../i18n.ts';

export const SETTING_MESSAGES = defineMessages({
  fr: {
    notEmpty: 'ne doit pas être vide',
    mustBe: 'doit être {hint}',
    mustMatch: 'doit correspondre à {pattern}',
    wholeNumber: 'doit être un nombre entier',
    between: 'doit être compris entre {min} et {max}',
    betweenBytes: 'doit être compris entre {min} et {max} octets',
    trueOrFalse: 'doit valoir true ou false',
    oneOf: 'doit être l’une des valeurs {choices}',
    duration: 'doit être une durée comme 30s, 15m, 2h ou 7d',
    size: 'doit être une taille comme 512k, 25M ou 2G',
    listen:
      'doit être de la forme hôte:port (par exemple 127.0.0.1:993 ou [::1]:993), ou vide pour désactiver l’écoute',
    port: 'le port doit être compris entre 1 et 65535',
    environment: 'environnement {name}',
    unknownSetting: '{where} : réglage inconnu « {key} »{suggestion}',
    unknownVariable: 'environnement : variable inconnue {name}',
    suggestion: ' (vouliez-vous dire « {key} » ?)',
    duplicate: '{where} : {key} est déjà réglé ligne {line}',
    badLine: '{where} : « clé = valeur » attendu, trouvé « {text} »',
    unterminated: '{where} : valeur entre guillemets non terminée pour {key}',
    lineTooLong: '{where} : ligne de plus de {max} caractères',
    fileTooLarge: '{where} : fichier de plus de {max} octets',
    unreadable: '{where} : fichier illisible ({code})',
    problem: '{where} : {key} = {value} {message}',
    hidden: '(masqué)',
  },
  en: {
    notEmpty: 'must not be empty',
    mustBe: 'must be {hint}',
    mustMatch: 'must match {pattern}',
    wholeNumber: 'must be a whole number',
    between: 'must be between {min} and {max}',
    betweenBytes: 'must be between {min} and {max} bytes',
    trueOrFalse: 'must be true or false',
    oneOf: 'must be one of {choices}',
    duration: 'must be a duration such as 30s, 15m, 2h or 7d',
    size: 'must be a size such as 512k, 25M or 2G',
    listen: 'must be host:port (for example 127.0.0.1:993 or [::1]:993), or empty to turn it off',
    port: 'port must be between 1 and 65535',
    environment: 'environment {name}',
    unknownSetting: '{where}: unknown setting "{key}"{suggestion}',
    unknownVariable: 'environment: unknown variable {name}',
    suggestion: ' (did you mean "{key}"?)',
    duplicate: '{where}: {key} is already set on line {line}',
    badLine: '{where}: expected "key = value", found "{text}"',
    unterminated: '{where}: unterminated quoted value for {key}',
    lineTooLong: '{where}: line is longer than {max} characters',
    fileTooLarge: '{where}: file is larger than {max} bytes',
    unreadable: '{where}: unreadable file ({code})',
    problem: '{where}: {key} = {value} {message}',
    hidden: '(hidden)',
  },
});

export type SettingMessageKey = (typeof SETTING_MESSAGES.keys)[number];

/** Thrown by a setting's parse: a message key and its parameters, rendered in the reader's language. */
export class SettingValueError extends Error {
  override readonly name = 'SettingValueError';
  readonly problem: ConfigProblem;

  constructor(
    key: SettingMessageKey,
    params: Record<string, string | number> = {},
    localized: Record<string, { readonly fr: string; readonly en: string }> = {},
  ) {
    const problem = { key, params, localized };
    super(describeProblem(problem, 'en'));
    this.problem = problem;
  }
}

/** A configuration problem as data, rendered late so each reader gets their language. */
export interface ConfigProblem {
  readonly key: SettingMessageKey;
  readonly params: Readonly<Record<string, string | number>>;
  /** Parameters that are themselves texts in each language (a setting's format hint). */
  readonly localized?: Readonly<Record<string, { readonly fr: string; readonly en: string }>>;
}

export function describeProblem(problem: ConfigProblem, locale: Locale): string {
  const params: Record<string, string | number> = { ...problem.params };
  for (const [name, text] of Object.entries(problem.localized ?? {})) params[name] = text[locale];
  return SETTING_MESSAGES.t(locale, problem.key, params);
}
