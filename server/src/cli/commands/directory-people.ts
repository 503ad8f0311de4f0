// vercors directory person show <email|hr-id> and vercors directory people [--establishment UAI] [--all]: the
// académie directory as the command line sees it (the system: opted-out people included with --all).

import { EXIT, type CliCommand } from '../cli-command.ts';
import { describePeople, describePerson } from './directory-describe.ts';
import { DIRECTORY_MESSAGES } from './directory-messages.ts';

export const directoryPersonShowCommand: CliCommand = {
  name: 'directory person show',
  summary: {
    fr: 'Afficher une personne de l’annuaire (par adresse ou identifiant RH)',
    en: 'Show one person of the directory (by address or HR identifier)',
  },
  usage: '<email|hr-id>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const key = context.positionals[0] ?? '';
    const { directory, identity } = await context.services();
    const person = await directory.findPerson(key);
    if (person === undefined) {
      const message = DIRECTORY_MESSAGES.t(context.locale, 'personNotFound', { key: key.slice(0, 320) });
      context.warn(message);
      context.result({
        error: { code: 'notFound', message, details: { subject: 'person', name: key.slice(0, 320) } },
      });
      return EXIT.notFound;
    }
    const account = person.accountId === null ? undefined : await identity.findAccountById(person.accountId);
    context.say(describePerson(context.locale, person, account?.email ?? null));
    context.result(person);
    return EXIT.ok;
  },
};

export const directoryPeopleCommand: CliCommand = {
  name: 'directory people',
  summary: {
    fr: 'Lister les personnes de l’annuaire, par établissement',
    en: 'List the people of the directory, by establishment',
  },
  usage: '[--establishment UAI] [--all] [--departed]',
  options: {
    establishment: { type: 'string' },
    all: { type: 'boolean' },
    departed: { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const establishment = context.options.establishment;
    const scope =
      context.options.departed === true ? 'withDeparted' : context.options.all === true ? 'all' : 'listed';
    const { directory } = await context.services();
    const people = await directory.listPeople({
      scope,
      ...(typeof establishment === 'string' && { establishmentUai: establishment }),
    });
    context.say(describePeople(context.locale, people));
    context.result(people);
    return EXIT.ok;
  },
};
