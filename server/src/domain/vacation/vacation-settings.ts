// Reading and changing an account's vacation response (VacationResponse/get and /set). A change is one
// transaction with its change-log row; turning the response on, or moving its period, forgets who was answered
// already, so a new absence answers everyone once again.

import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import { type Database, type DatabaseSchema, prepareQuery, type VacationResponsesTable } from '#store';
import {
  invalidVacation,
  VACATION_ID,
  VACATION_LIMITS,
  VACATION_OFF,
  VACATION_TYPE,
  type VacationChanges,
  type VacationResponse,
} from './vacation.ts';

export interface VacationSettingsContext {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
}

const date = (value: number | string | null) => (value === null ? null : new Date(Number(value)));

function toVacation(row: Selectable<VacationResponsesTable> | undefined): VacationResponse {
  if (row === undefined) return VACATION_OFF;
  return {
    isEnabled: Number(row.is_enabled) === 1,
    fromDate: date(row.from_date),
    toDate: date(row.to_date),
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
  };
}

/** The account's vacation response (off and empty when it never set one). */
export async function readVacation(db: Kysely<DatabaseSchema>, accountId: string): Promise<VacationResponse> {
  return toVacation(await vacationOf.executeTakeFirst(db, { accountId }));
}

// Prepared (store/prepared-query.ts): every delivered message reads it, for the automatic reply.
const vacationOf = prepareQuery((db, p: { accountId: string }) =>
  db.selectFrom('vacation_responses').selectAll().where('account_id', '=', p.accountId),
);

/** Whether replies go out at `nowMs`: enabled, and within the period. */
export function isVacationActive(vacation: VacationResponse, nowMs: number): boolean {
  if (!vacation.isEnabled) return false;
  if (vacation.fromDate !== null && nowMs < vacation.fromDate.getTime()) return false;
  return vacation.toDate === null || nowMs < vacation.toDate.getTime();
}

/** Well-formed text within `maxBytes`: no NUL or other controls but tab and line breaks. */
function checkText(
  value: string | null,
  property: 'subject' | 'textBody' | 'htmlBody',
  maxBytes: number,
): string | null {
  if (value === null) return null;
  if (Buffer.byteLength(value) > maxBytes) throw invalidVacation(property, 'tooLong');
  const controls = property === 'subject' ? /[\x00-\x1f\x7f]/ : /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
  if (controls.test(value) || !value.isWellFormed()) throw invalidVacation(property, 'invalidText');
  return value.normalize('NFC');
}

function merged(current: VacationResponse, changes: VacationChanges): VacationResponse {
  const next: VacationResponse = {
    isEnabled: changes.isEnabled ?? current.isEnabled,
    fromDate: changes.fromDate === undefined ? current.fromDate : changes.fromDate,
    toDate: changes.toDate === undefined ? current.toDate : changes.toDate,
    subject:
      changes.subject === undefined
        ? current.subject
        : checkText(changes.subject, 'subject', VACATION_LIMITS.maxSubjectBytes),
    textBody:
      changes.textBody === undefined
        ? current.textBody
        : checkText(changes.textBody, 'textBody', VACATION_LIMITS.maxBodyBytes),
    htmlBody:
      changes.htmlBody === undefined
        ? current.htmlBody
        : checkText(changes.htmlBody, 'htmlBody', VACATION_LIMITS.maxBodyBytes),
  };
  if (next.fromDate !== null && next.toDate !== null && next.toDate < next.fromDate)
    throw invalidVacation('toDate', 'beforeFromDate');
  return next;
}

/** Apply `changes`; returns the response as stored. */
export async function updateVacation(
  context: VacationSettingsContext,
  accountId: string,
  changes: VacationChanges,
): Promise<VacationResponse> {
  const next = await context.database.write(async (tx) => {
    const current = await readVacation(tx.db, accountId);
    const updated = merged(current, changes);
    const values = {
      is_enabled: updated.isEnabled ? 1 : 0,
      from_date: updated.fromDate?.getTime() ?? null,
      to_date: updated.toDate?.getTime() ?? null,
      subject: updated.subject,
      text_body: updated.textBody,
      html_body: updated.htmlBody,
      updated_at: context.clock.nowMs(),
    };
    await tx.db
      .insertInto('vacation_responses')
      .values({ account_id: accountId, ...values })
      .onConflict((conflict) => conflict.column('account_id').doUpdateSet(values))
      .execute();
    const isNewAbsence =
      (updated.isEnabled && !current.isEnabled) ||
      updated.fromDate?.getTime() !== current.fromDate?.getTime() ||
      updated.toDate?.getTime() !== current.toDate?.getTime();
    if (isNewAbsence)
      await tx.db.deleteFrom('vacation_replies').where('account_id', '=', accountId).execute();
    await tx.recordChange(accountId, VACATION_TYPE, VACATION_ID, 'updated');
    return updated;
  });
  context.log.info(
    { event: 'vacation.updated', accountId, isEnabled: next.isEnabled },
    'vacation response updated',
  );
  return next;
}
