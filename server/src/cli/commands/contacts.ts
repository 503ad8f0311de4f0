// vercors contacts import <address> <file.vcf> [--book NAME], contacts export <address> [--book NAME]: move a
// person's address book in and out as vCard files (docs/contacts.md) — a book exported from the old webmail
// or a phone, or a copy before a change. The command line acts as the system; --book takes a book's URL name
// or its display name (default: the "Contacts" book).

import { readFile, stat } from 'node:fs/promises';
import { DomainError } from '#core/errors';
import { defineMessages } from '#core/i18n';
import { VCARD_LIMITS } from '#formats/vcard';
import type { ContactsService } from '#domain/contacts';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { requireAccount } from '../require-account.ts';
import { usageError } from '../usage-error.ts';

const MESSAGES = defineMessages({
  fr: {
    imported:
      '{email}, carnet « {book} » : {created} contact(s) créé(s), {updated} mis à jour, {unchanged} inchangé(s), {rejected} refusé(s).',
    rejectedLine: '  ligne {line} : {reason}',
    tooBig: 'Le fichier dépasse {max} octets.',
    unreadable: 'Le fichier « {path} » est illisible : {reason}',
  },
  en: {
    imported:
      '{email}, book "{book}": {created} contact(s) created, {updated} updated, {unchanged} unchanged, {rejected} refused.',
    rejectedLine: '  line {line}: {reason}',
    tooBig: 'The file is larger than {max} bytes.',
    unreadable: 'The file "{path}" cannot be read: {reason}',
  },
});

/** The book `name` designates (URL name first, then display name, case-insensitively); the default without. */
async function bookName(
  contacts: ContactsService,
  ownerId: string,
  name: string | undefined,
): Promise<{ resourceName: string; name: string }> {
  const books = await contacts.listBooks('system', ownerId);
  const wanted = name?.trim().toLowerCase();
  const book =
    wanted === undefined
      ? books.find((b) => b.role === 'default')
      : (books.find((b) => b.resourceName.toLowerCase() === wanted) ??
        books.find((b) => b.name.toLowerCase() === wanted));
  if (book === undefined)
    throw new DomainError('notFound', `no address book ${name ?? ''}`, {
      details: { subject: 'object', name: name ?? '' },
    });
  return book;
}

const book = (context: CliContext) =>
  typeof context.options.book === 'string' ? context.options.book : undefined;

export const contactsImportCommand: CliCommand = {
  name: 'contacts import',
  summary: {
    fr: 'Importer un fichier vCard (.vcf) dans un carnet d’adresses personnel',
    en: 'Import a vCard file (.vcf) into a personal address book',
  },
  usage: '<address> <file.vcf> [--book NAME]',
  options: { book: { type: 'string' } },
  positionals: { min: 2, max: 2 },
  async run(context) {
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const path = context.positionals[1] ?? '';
    let text: string;
    try {
      // Sized first: a huge file is refused before it is read into memory.
      if ((await stat(path)).size > VCARD_LIMITS.maxImportBytes)
        return usageError(context, contactsImportCommand, t('tooBig', { max: VCARD_LIMITS.maxImportBytes }));
      text = await readFile(path, 'utf8');
    } catch (error) {
      context.warn(t('unreadable', { path, reason: (error as NodeJS.ErrnoException).code ?? String(error) }));
      return EXIT.notFound;
    }
    const { identity, contacts } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const target = await bookName(contacts, account.id, book(context));
    const report = await contacts.importVcards('system', account.id, target.resourceName, text);
    context.result({ email: account.email, book: target.resourceName, ...report });
    context.say(
      t('imported', {
        email: account.email,
        book: target.name,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected.length,
      }),
    );
    for (const rejected of report.rejected)
      context.say(t('rejectedLine', { line: rejected.line, reason: rejected.reason }));
    return report.rejected.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

export const contactsExportCommand: CliCommand = {
  name: 'contacts export',
  summary: {
    fr: 'Exporter un carnet d’adresses personnel en vCard (.vcf) sur la sortie standard',
    en: 'Export a personal address book as vCard (.vcf) to standard output',
  },
  usage: '<address> [--book NAME] > file.vcf',
  options: { book: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity, contacts } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const target = await bookName(contacts, account.id, book(context));
    await context.output(await contacts.exportVcards('system', account.id, target.resourceName));
    return EXIT.ok;
  },
};
