// vercors user sessions <address>, user logout <address> [--session ID]: an account's web sessions, and
// ending one or all of them (a lost laptop, a shared computer left signed in). Sessions are checked on every
// request, so an ended one stops at once; ending them is audited as `session.revoked`, with no actor.

import type { Locale } from '@vercors/contract';
import type { WebSession, WebSessionState } from '#domain/identity';
import { defineMessages } from '#core/i18n';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { formatDate } from '../display-format.ts';
import { requireAccount } from '../require-account.ts';
import { formatTable } from '../text-table.ts';

/** The table cuts user agents this long; --json keeps them whole. */
const MAX_DEVICE_WIDTH = 48;

const MESSAGES = defineMessages({
  fr: {
    none: 'Aucune session web ouverte pour {email}.',
    header: 'IDENTIFIANT|ÉTAT|OUVERTE LE|DERNIÈRE ACTIVITÉ|ADRESSE IP|APPAREIL',
    active: 'connectée',
    pending: 'second facteur attendu',
    enrolment: 'enrôlement du second facteur',
    sharedComputer: '{device} (ordinateur partagé)',
    unknownDevice: 'appareil inconnu',
    loggedOut: 'Session {id} de {email} fermée.',
    loggedOutAll: '{count} session(s) de {email} fermée(s).',
    nothingToEnd: 'Aucune session ouverte pour {email}.',
    effect: 'Effet immédiat : la prochaine requête du navigateur revient à la page de connexion.',
  },
  en: {
    none: 'No open web session for {email}.',
    header: 'ID|STATE|STARTED|LAST ACTIVITY|IP ADDRESS|DEVICE',
    active: 'signed in',
    pending: 'awaiting second factor',
    enrolment: 'setting up a second factor',
    sharedComputer: '{device} (shared computer)',
    unknownDevice: 'unknown device',
    loggedOut: 'Session {id} of {email} ended.',
    loggedOutAll: '{count} session(s) of {email} ended.',
    nothingToEnd: 'No open session for {email}.',
    effect: 'Effective at once: the browser’s next request goes back to the login page.',
  },
});

export const userSessionsCommand: CliCommand = {
  name: 'user sessions',
  summary: {
    fr: 'Lister les sessions web ouvertes d’un compte',
    en: 'List an account’s open web sessions',
  },
  usage: '<address>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const sessions = await identity.listWebSessions(account.id);
    context.result(sessions);
    if (sessions.length === 0) {
      context.say(MESSAGES.t(context.locale, 'none', { email: account.email }));
      return EXIT.ok;
    }
    const rows = sessions.map((s) => tableRow(context.locale, s, account.timeZone));
    context.say(formatTable(MESSAGES.t(context.locale, 'header').split('|'), rows));
    return EXIT.ok;
  },
};

export const userLogoutCommand: CliCommand = {
  name: 'user logout',
  summary: {
    fr: 'Fermer les sessions web d’un compte, ou une seule (--session)',
    en: 'End an account’s web sessions, or one of them (--session)',
  },
  usage: '<address> [--session ID]',
  options: { session: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const sessionId = context.options.session;

    // One session (an unknown id is notFound)
    if (typeof sessionId === 'string') {
      await identity.revokeWebSession(account.id, sessionId.trim(), {});
      context.say(t('loggedOut', { id: sessionId.trim(), email: account.email }));
      context.say(t('effect'));
      context.result({ account: account.email, session: sessionId.trim(), count: 1 });
      return EXIT.ok;
    }

    // All of them
    const count = await identity.revokeAllWebSessions(account.id, {});
    context.say(t(count === 0 ? 'nothingToEnd' : 'loggedOutAll', { count, email: account.email }));
    if (count > 0) context.say(t('effect'));
    context.result({ account: account.email, count });
    return EXIT.ok;
  },
};

function tableRow(locale: Locale, session: WebSession, timeZone: string): string[] {
  const date = (value: Date) => formatDate(locale, value, timeZone);
  const agent = session.userAgent.trim();
  const shortAgent =
    agent === ''
      ? MESSAGES.t(locale, 'unknownDevice')
      : [...agent].length > MAX_DEVICE_WIDTH
        ? `${[...agent].slice(0, MAX_DEVICE_WIDTH - 1).join('')}…`
        : agent;
  return [
    session.id,
    MESSAGES.t(locale, session.state satisfies WebSessionState),
    date(session.createdAt),
    date(session.lastSeenAt),
    session.remoteAddress === '' ? '—' : session.remoteAddress,
    session.isSharedComputer ? MESSAGES.t(locale, 'sharedComputer', { device: shortAgent }) : shortAgent,
  ];
}
