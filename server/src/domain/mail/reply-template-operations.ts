// Listing, creating, changing and destroying reply templates (urn:vercors:jmap ReplyTemplate). Each write is
// one transaction under the account lock with its change-log row (type ReplyTemplate).

import type { Kysely, Selectable } from 'kysely';
import { newId } from '#core/ids';
import type { DatabaseSchema, ReplyTemplatesTable } from '#store';
import { lockAccount } from './account-lock.ts';
import { listOrder } from './list-order.ts';
import { mailState } from './mail-changes.ts';
import type { MailContext } from './mail-context.ts';
import {
  invalidReplyTemplate,
  REPLY_TEMPLATE_LIMITS,
  REPLY_TEMPLATE_TYPE,
  replyTemplateNotFound,
  tooManyReplyTemplates,
  type NewReplyTemplate,
  type ReplyTemplate,
  type ReplyTemplateChanges,
  type ReplyTemplateList,
  type ReplyTemplateProperty,
} from './reply-template.ts';
import { textProblem, type TextForm } from './typed-text.ts';

type ReplyTemplateRow = Selectable<ReplyTemplatesTable>;
type Reader = Kysely<DatabaseSchema>;

function toReplyTemplate(row: ReplyTemplateRow): ReplyTemplate {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
    sortOrder: Number(row.sort_order),
  };
}

function checkedText(
  input: string,
  property: ReplyTemplateProperty,
  form: TextForm,
  maxBytes: number,
): string {
  const problem = textProblem(input, form, maxBytes);
  if (problem !== undefined) throw invalidReplyTemplate(property, problem);
  return input;
}

/** The columns a create or a change sets, each checked. Name and subject are put in NFC; bodies kept as given. */
function templateColumns(fields: ReplyTemplateChanges): Partial<ReplyTemplateRow> {
  const { name, subject, textBody, htmlBody, sortOrder } = fields;
  const { maxNameBytes, maxSubjectBytes, maxBodyBytes, sortOrderBound } = REPLY_TEMPLATE_LIMITS;
  if (
    sortOrder !== undefined &&
    !(Number.isInteger(sortOrder) && sortOrder >= 0 && sortOrder < sortOrderBound)
  )
    throw invalidReplyTemplate('sortOrder', 'invalidSortOrder');
  return {
    ...(name !== undefined && { name: checkedText(name.normalize('NFC'), 'name', 'line', maxNameBytes) }),
    ...(subject !== undefined && {
      subject:
        subject === null ? null : checkedText(subject.normalize('NFC'), 'subject', 'line', maxSubjectBytes),
    }),
    ...(textBody !== undefined && { text_body: checkedText(textBody, 'textBody', 'text', maxBodyBytes) }),
    ...(htmlBody !== undefined && { html_body: checkedText(htmlBody, 'htmlBody', 'text', maxBodyBytes) }),
    ...(sortOrder !== undefined && { sort_order: sortOrder }),
  };
}

/** The state of the ReplyTemplate type, then every template of the account, in list order. */
export async function listReplyTemplates(
  context: MailContext,
  accountId: string,
): Promise<ReplyTemplateList> {
  const { db } = context.database;
  const state = await mailState(context, accountId, REPLY_TEMPLATE_TYPE);
  const rows = await db
    .selectFrom('reply_templates')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  return { state, templates: rows.map(toReplyTemplate).sort(listOrder) };
}

/** A new template (every field optional: empty texts, no subject); limit beyond maxTemplatesPerAccount. */
export async function createReplyTemplate(
  context: MailContext,
  accountId: string,
  input: NewReplyTemplate,
): Promise<ReplyTemplate> {
  const columns = templateColumns(input);
  const row = await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const count = await tx.db
      .selectFrom('reply_templates')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    if (Number(count.count) >= REPLY_TEMPLATE_LIMITS.maxTemplatesPerAccount) throw tooManyReplyTemplates();
    const now = context.clock.nowMs();
    const values: ReplyTemplateRow = {
      id: newId('tpl'),
      account_id: accountId,
      name: '',
      subject: null,
      text_body: '',
      html_body: '',
      sort_order: 0,
      ...columns,
      created_at: now,
      updated_at: now,
    };
    await tx.db.insertInto('reply_templates').values(values).execute();
    await tx.recordChange(accountId, REPLY_TEMPLATE_TYPE, values.id, 'created');
    return values;
  });
  context.log.info(
    { event: 'replyTemplate.created', accountId, templateId: row.id },
    'reply template created',
  );
  return toReplyTemplate(row);
}

async function templateRow(db: Reader, accountId: string, templateId: string): Promise<ReplyTemplateRow> {
  const row = await db
    .selectFrom('reply_templates')
    .selectAll()
    .where('id', '=', templateId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) throw replyTemplateNotFound(templateId);
  return row;
}

/** notFound for another account's template. */
export async function updateReplyTemplate(
  context: MailContext,
  accountId: string,
  templateId: string,
  changes: ReplyTemplateChanges,
): Promise<ReplyTemplate> {
  const columns = templateColumns(changes);
  return await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    const updated = { ...(await templateRow(tx.db, accountId, templateId)), ...columns };
    updated.updated_at = context.clock.nowMs();
    await tx.db
      .updateTable('reply_templates')
      .set({ ...columns, updated_at: updated.updated_at })
      .where('id', '=', templateId)
      .execute();
    await tx.recordChange(accountId, REPLY_TEMPLATE_TYPE, templateId, 'updated');
    return toReplyTemplate(updated);
  });
}

export async function destroyReplyTemplate(
  context: MailContext,
  accountId: string,
  templateId: string,
): Promise<void> {
  await context.database.write(async (tx) => {
    await lockAccount(context, tx, accountId);
    await templateRow(tx.db, accountId, templateId);
    await tx.db.deleteFrom('reply_templates').where('id', '=', templateId).execute();
    await tx.recordChange(accountId, REPLY_TEMPLATE_TYPE, templateId, 'destroyed');
  });
  context.log.info({ event: 'replyTemplate.destroyed', accountId, templateId }, 'reply template destroyed');
}
