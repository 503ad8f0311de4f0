// Fill the demo logins' mailboxes with the demo conversations (demo-mail.ts), each login with colleagues from
// its own establishment, so the web app and a phone show a lived-in mailbox from the first login.

import type { Services } from '../main.ts';
import type { DemoLogin } from './demo-logins-file.ts';
import { composeDemoMail, type DemoMessage } from './demo-mail.ts';
import type { Party } from './demo-mail-scenarios.ts';
import { seededRandom } from './demo-random.ts';
import type { DemoPerson } from './demo-staff.ts';

/** Imports go in batches: one transaction each, well under the mail store's batch limit. */
const IMPORT_BATCH = 100;
/** Enough colleagues for variety; the demo's establishments have dozens of staff. */
const COLLEAGUES_PER_LOGIN = 12;
const MAIL_SEED = 0x5eed_3a11;

/** Returns the number of messages stored. */
export async function seedDemoMail(
  services: Services,
  domain: string,
  logins: readonly DemoLogin[],
  people: readonly DemoPerson[],
): Promise<number> {
  const party = (person: DemoPerson): Party => ({
    name: person.displayName ?? person.email,
    address: person.email,
  });
  const byAddress = new Map(people.map((person) => [person.email, person]));
  const firstOf = (category: DemoPerson['profileCategory'], uai: string | null | undefined) =>
    people.find((p) => p.profileCategory === category && p.establishmentUai === uai) ??
    people.find((p) => p.profileCategory === category);
  const owners = logins
    .map((login) => byAddress.get(login.email))
    .filter((p): p is DemoPerson => p !== undefined);

  const messages: DemoMessage[] = [];
  for (const owner of owners) {
    const head = firstOf('management', owner.establishmentUai);
    const technician = firstOf('technical', owner.establishmentUai);
    if (!head || !technician) continue;
    const colleagues = people
      .filter((p) => p.establishmentUai === owner.establishmentUai && p.email !== owner.email)
      .slice(0, COLLEAGUES_PER_LOGIN)
      .map(party);
    const cast = { domain, colleaguesOf: () => colleagues, head: party(head), technician: party(technician) };
    messages.push(
      ...(await composeDemoMail([party(owner)], cast, seededRandom(MAIL_SEED), services.clock.now())),
    );
  }

  const accountIds = new Map<string, string>();
  for (const owner of owners) {
    const account = await services.identity.findAccount(owner.email);
    if (account) accountIds.set(owner.email, account.id);
  }
  let stored = 0;
  for (let start = 0; start < messages.length; start += IMPORT_BATCH) {
    const requests = messages.slice(start, start + IMPORT_BATCH).flatMap((message) => {
      const accountId = accountIds.get(message.owner);
      if (accountId === undefined) return [];
      const options = {
        mailboxRole: message.mailbox,
        keywords: message.keywords,
        receivedAt: message.receivedAt,
      };
      return [{ accountId, raw: message.raw, options }];
    });
    const outcomes = await services.mail.importMessages(requests);
    stored += outcomes.filter((outcome) => outcome.ok).length;
  }
  return stored;
}
