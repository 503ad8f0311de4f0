// The directory commands' text output: an import plan and its report, rejected rows with their reason, one
// person in full, and the people table. Long lists are cut at LIST_LIMIT lines (--json has everything).

import type { Locale } from '@vercors/contract';
import type { DomainError } from '#core/errors';
import type { ApplyReport, FieldChange, ImportPlan, Person, PersonRole, Rejection } from '#domain/directory';
import { categoryLabel, statusLabel } from '../account-labels.ts';
import { formatDate, formatNumber } from '../display-format.ts';
import { formatTable } from '../text-table.ts';
import { DIRECTORY_MESSAGES, type DirectoryMessageKey } from './directory-messages.ts';

/** Lines shown per section of a plan: enough to check a school's file by eye, not a screenful of the académie. */
const LIST_LIMIT = 50;
const TIME_ZONE = 'Europe/Paris';

type Params = Record<string, string | number>;
const say = (locale: Locale, key: DirectoryMessageKey, params?: Params) =>
  DIRECTORY_MESSAGES.t(locale, key, params);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function roleLabel(locale: Locale, role: PersonRole): string {
  const key = `role${role.split('-').map(capitalised).join('')}` as DirectoryMessageKey;
  return say(locale, key);
}

/** Why a file or directory could not be read (DomainError with subject hrFile or hrSource), or undefined. */
export function describeSourceError(locale: Locale, error: DomainError): string | undefined {
  const subject = error.details.subject;
  if (subject !== 'hrFile' && subject !== 'hrSource') return undefined;
  const reason = String(error.details.reason ?? '');
  const known = (DIRECTORY_MESSAGES.keys as readonly string[]).includes(reason);
  const problem = known ? say(locale, reason as DirectoryMessageKey, { ...error.details }) : error.message;
  return say(locale, subject === 'hrFile' ? 'fileUnreadable' : 'sourceFailed', { problem });
}

export function describeRejection(locale: Locale, rejection: Rejection): string {
  const where =
    rejection.line !== undefined
      ? say(locale, 'atLine', { line: rejection.line })
      : say(locale, 'atEntry', { entry: rejection.entry ?? '?' });
  const key = `reason${capitalised(rejection.reason)}` as DirectoryMessageKey;
  const reason = say(locale, key, { field: rejection.field ?? '', value: rejection.value ?? '' });
  return `${where}${rejection.hrId === null ? '' : ` (${rejection.hrId})`} — ${reason}`;
}

function shown(value: FieldChange['from']): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value === '' ? '—' : `« ${value} »`;
  return value.length === 0 ? '—' : value.join(', ');
}

function cut<T>(locale: Locale, items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, LIST_LIMIT).map((item) => `  ${line(item)}`);
  if (items.length > LIST_LIMIT) lines.push(`  ${say(locale, 'more', { count: items.length - LIST_LIMIT })}`);
  return lines;
}

export function describePlan(locale: Locale, plan: ImportPlan): string {
  const number = (value: number) => formatNumber(locale, value);
  const all = [...plan.creates, ...plan.updates];
  const counts: [DirectoryMessageKey, number][] = [
    ['countCreates', plan.creates.length],
    ['countUpdates', plan.updates.length],
    ['countDepartures', plan.departures.length],
    ['countUnchanged', plan.unchanged],
    ['countRejected', plan.rejected.length],
  ];
  const labels = counts.map(([key]) => say(locale, key));
  const width = Math.max(...labels.map((label) => label.length));
  const lines = [
    say(locale, 'planHeader', {
      source: plan.source,
      scope: say(locale, plan.isPartial ? 'scopePartial' : 'scopeComplete'),
      read: number(plan.read),
    }),
    ...counts.map(([, count], i) => `  ${(labels[i] ?? '').padEnd(width)}  ${number(count)}`),
    `  ${say(locale, 'accountsLine', {
      create: all.filter((item) => item.account?.kind === 'create').length,
      link: all.filter((item) => item.account?.kind === 'link').length,
      update: plan.accountUpdates.length,
      suspend: plan.departures.filter((d) => d.accountId !== null).length,
    })}`,
  ];
  if (plan.creates.length > 0) {
    lines.push('', say(locale, 'createsHeader'));
    lines.push(
      ...cut(locale, plan.creates, (create) => {
        const f = create.fields;
        const posts = f.posts.map((p) => `${p.uai} ${roleLabel(locale, p.role)}`).join(', ');
        const account =
          create.account === null
            ? ''
            : ` [${say(locale, create.account.kind === 'create' ? 'accountCreate' : 'accountLink')}]`;
        return (
          [f.hrId, f.displayName, f.email ?? '', posts].filter((part) => part !== '').join('  ') + account
        );
      }),
    );
  }
  if (plan.updates.length > 0) {
    lines.push('', say(locale, 'updatesHeader'));
    lines.push(
      ...cut(locale, plan.updates, (update) => {
        const changes = update.changes.map((change) => {
          const label = say(locale, `change${capitalised(change.field)}` as DirectoryMessageKey);
          return change.field === 'hrStatus' ? label : `${label} ${shown(change.from)} → ${shown(change.to)}`;
        });
        if (update.account?.kind === 'link' || update.account?.kind === 'create') {
          changes.push(say(locale, 'accountLinkOnly', { email: update.account.email }));
        }
        return `${update.hrId}  ${update.fields.displayName} — ${changes.join(' ; ')}`;
      }),
    );
  }
  if (plan.departures.length > 0) {
    lines.push('', say(locale, 'departuresHeader'));
    lines.push(
      ...cut(locale, plan.departures, (d) =>
        [
          d.hrId,
          d.displayName,
          d.email ?? '',
          d.accountId === null ? '' : `[${say(locale, 'accountSuspend')}]`,
        ]
          .filter((part) => part !== '')
          .join('  '),
      ),
    );
  }
  if (plan.rejected.length > 0) {
    lines.push('', say(locale, 'rejectedHeader'));
    lines.push(...cut(locale, plan.rejected, (rejection) => describeRejection(locale, rejection)));
  }
  return lines.join('\n');
}

export function guardParams(locale: Locale, plan: ImportPlan): Params {
  return {
    count: plan.departures.length,
    present: plan.presentBefore,
    share: formatNumber(locale, plan.guard.departureShare * 100, 1),
    max: formatNumber(locale, plan.guard.maxShare * 100, 1),
    rejected: plan.rejected.filter((r) => r.hrId === null).length,
  };
}

export function describeReport(locale: Locale, report: ApplyReport): string {
  const lines = [
    say(locale, 'applied', {
      created: report.created,
      updated: report.updated,
      departed: report.departed,
      accountsCreated: report.accounts.created,
      accountsLinked: report.accounts.linked,
      accountsSuspended: report.accounts.suspended,
      accountsUpdated: report.accounts.updated,
    }),
  ];
  for (const failure of report.accounts.failed) {
    lines.push(say(locale, 'accountFailed', { email: failure.email, reason: failure.reason }));
  }
  return lines.join('\n');
}

export function describePerson(locale: Locale, person: Person, accountEmail: string | null): string {
  const nothing = say(locale, 'nothing');
  const rows: [DirectoryMessageKey, string][] = [
    ['fieldName', `${person.displayName} (${person.givenName} / ${person.familyName})`],
    ['fieldHrId', person.hrId],
    ['fieldEmail', person.email ?? nothing],
    ['fieldTitle', person.title ?? nothing],
    ['fieldCategory', categoryLabel(locale, person.profileCategory)],
    ['fieldDisciplines', person.disciplines.length === 0 ? nothing : person.disciplines.join(', ')],
    [
      'fieldPosts',
      person.posts.length === 0
        ? nothing
        : person.posts
            .map(
              (post) =>
                `${post.uai} — ${post.name} (${post.commune}), ${roleLabel(locale, post.role)}${
                  post.isPrimary ? `, ${say(locale, 'primary')}` : ''
                }`,
            )
            .join('\n' + ' '.repeat(4)),
    ],
    ['fieldPhone', person.phone ?? nothing],
    ['fieldListing', say(locale, person.listing)],
    [
      'fieldHrStatus',
      person.departedAt === null
        ? say(locale, 'present')
        : say(locale, 'departed', { date: formatDate(locale, person.departedAt, TIME_ZONE) }),
    ],
    [
      'fieldAccount',
      person.accountId === null
        ? say(locale, 'noAccount')
        : `${accountEmail ?? person.accountId}${
            person.accountStatus === null ? '' : ` (${statusLabel(locale, person.accountStatus)})`
          }`,
    ],
    ['fieldSource', person.source],
    ['fieldUpdated', formatDate(locale, person.updatedAt, TIME_ZONE)],
  ];
  const labels = rows.map(([key]) => say(locale, key));
  const width = Math.max(...labels.map((label) => label.length));
  const pad = ' '.repeat(width + 4);
  return [
    person.displayName,
    ...rows.map(
      ([, value], i) =>
        `  ${(labels[i] ?? '').padEnd(width)}  ${value.replaceAll('\n' + ' '.repeat(4), `\n${pad}`)}`,
    ),
  ].join('\n');
}

export function describePeople(locale: Locale, people: readonly Person[]): string {
  if (people.length === 0) return say(locale, 'peopleNone');
  const rows = people.map((person) => {
    const main = person.posts[0];
    return [
      person.displayName,
      person.email ?? '—',
      person.title ?? '—',
      main === undefined ? '—' : `${main.uai} ${main.name}`,
      main === undefined ? '—' : roleLabel(locale, main.role),
      person.phone ?? '—',
      person.departedAt === null
        ? say(locale, person.listing)
        : say(locale, 'departed', { date: formatDate(locale, person.departedAt, TIME_ZONE) }),
    ];
  });
  return `${formatTable(say(locale, 'peopleHeader').split('|'), rows)}\n\n${say(locale, 'peopleFooter', {
    count: formatNumber(locale, people.length),
  })}`;
}
