// vercors mail import <address> (--maildir PATH | --mbox FILE_OR_DIR) [--into MAILBOX] [--dry-run]: migrate a
// person's mail from another system's export into their account. Folders map to the account's special-use
// mailboxes by their usual names or are created; flags become keywords; a second run imports nothing twice.
// Security: reads a tree an administrator was handed, read-only; every message bounded by the site's limit.

import { stat } from 'node:fs/promises';
import { DomainError } from '#core/errors';
import { MAIL_LIMITS } from '#domain/mail';
import { SMTP_SETTINGS } from '#protocols/smtp';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { describeDomainError } from '../describe-domain-error.ts';
import { ImportRun } from '../mail-import/import-run.ts';
import type { ImportSource } from '../mail-import/import-source.ts';
import { totalsOf, type ImportSummary } from '../mail-import/import-summary.ts';
import { openMaildirSource } from '../mail-import/maildir-source.ts';
import { openMboxSource } from '../mail-import/mbox-source.ts';
import { TargetMailboxes } from '../mail-import/target-mailboxes.ts';
import { usageError } from '../usage-error.ts';
import { describeImport, progressLine, quotaAdvice } from './mail-import-describe.ts';
import { MAIL_IMPORT_MESSAGES, type MailImportMessageKey } from './mail-import-messages.ts';

/** Progress on stderr at most this often: enough to see it move, not enough to flood a log. */
const PROGRESS_INTERVAL_MS = 1000;

export const mailImportCommand: CliCommand = {
  name: 'mail import',
  summary: {
    fr: 'Importer dans un compte le courrier exporté d’un autre système (Maildir ou mbox)',
    en: 'Import mail exported from another system (Maildir or mbox) into an account',
  },
  usage: '<address> (--maildir PATH | --mbox FILE_OR_DIR) [--into MAILBOX] [--dry-run]',
  options: {
    maildir: { type: 'string' },
    mbox: { type: 'string' },
    into: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const t = (key: MailImportMessageKey, params?: Record<string, string | number>) =>
      MAIL_IMPORT_MESSAGES.t(context.locale, key, params);
    const maildir = stringOption(context, 'maildir');
    const mbox = stringOption(context, 'mbox');
    if ((maildir === undefined) === (mbox === undefined))
      return usageError(context, mailImportCommand, t('sourceRequired'));
    const intoText = stringOption(context, 'into');
    const into = intoText === undefined ? undefined : intoText.split('/').map((name) => name.trim());
    if (into?.some((name) => name === '')) return usageError(context, mailImportCommand, t('badInto'));
    const isDryRun = context.options['dry-run'] === true;

    // Read the source's folders
    const path = maildir ?? mbox ?? '';
    const format = maildir === undefined ? 'mbox' : 'maildir';
    let source: ImportSource;
    try {
      await stat(path);
      source = format === 'maildir' ? await openMaildirSource(path) : await openMboxSource(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      return notFound(context, path, t('pathMissing', { path, code }));
    }
    if (source.folders.length === 0)
      return notFound(context, path, t(format === 'maildir' ? 'noMaildir' : 'noMbox', { path }));

    // Find the account and its mailboxes
    const { mail, identity, config } = await context.services();
    const address = context.positionals[0] ?? '';
    const account = await identity.findAccount(address);
    if (!account) {
      throw new DomainError('notFound', `no account ${address}`, {
        details: { subject: 'account', name: address },
      });
    }
    if (!isDryRun) await mail.ensureDefaultMailboxes(account.id);
    const targets = await TargetMailboxes.load(mail, account.id, isDryRun);
    if (into !== undefined) await targets.setInto(into);
    const quota = await mail.getQuota(account.id);

    // Import
    const started = Date.now();
    let lastProgress = started;
    const run = new ImportRun({
      mail,
      accountId: account.id,
      source,
      targets,
      hasInto: into !== undefined,
      isDryRun,
      maxMessageBytes: Math.min(config.get(SMTP_SETTINGS).maxMessageSize, MAIL_LIMITS.maxMessageBytes),
      describeError: (error) => describeDomainError(error, context.locale),
      onProgress: (state) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        context.warn(progressLine(context.locale, state, now - started));
      },
    });
    try {
      await run.run();
    } catch (error) {
      // The dispatcher reports the failure itself (a store outage exits 75); this says how far it got.
      const imported = totalsOf(run.folders).imported;
      context.warn(t('interrupted', { imported, folder: run.folders.at(-1)?.source ?? '' }));
      throw error;
    }

    // Report
    const summary: ImportSummary = {
      account: account.email,
      source: { format, path },
      into: into === undefined ? null : into.join('/'),
      isDryRun,
      totals: totalsOf(run.folders),
      folders: run.folders,
      createdMailboxes: targets.created,
      rejections: run.rejections,
      ignoredFiles: source.ignoredFiles,
      stopped: run.stopped,
      quota,
      elapsedMs: Date.now() - started,
    };
    context.say(
      describeImport(context.locale, summary, quotaAdvice(account, summary.stopped?.limit ?? 'bytes')),
    );
    context.result(summary);
    return summary.stopped !== null || run.folders.some((folder) => folder.error !== null)
      ? EXIT.failure
      : EXIT.ok;
  },
};

function stringOption(context: CliContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** A missing or unreadable source: said in the user's language, and as an error object for --json. */
function notFound(context: CliContext, path: string, message: string): number {
  context.warn(message);
  context.result({ error: { code: 'notFound', message, details: { subject: 'path', name: path } } });
  return EXIT.notFound;
}
