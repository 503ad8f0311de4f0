// The demo logins, saved once in the data folder so they survive the terminal that showed them. Readable by
// the owner only (0600) and written atomically: temporary file, fsync, rename, fsync of the folder.

import { join } from 'node:path';
import { writeFileAtomically } from '#core/write-file-atomically';

export const DEMO_LOGINS_FILE = 'demo-logins.txt';

export interface DemoLogin {
  readonly email: string;
  readonly password: string;
  /** admin, or the staff category the login shows (primaryTeacher, secondaryTeacher…). */
  readonly role: string;
}

export function renderDemoLogins(domain: string, logins: readonly DemoLogin[], createdAt: Date): string {
  const roleWidth = Math.max(...logins.map((l) => l.role.length));
  const emailWidth = Math.max(...logins.map((l) => l.email.length));
  return [
    `# Vercors — identifiants de démonstration / demo logins — ${domain} — ${createdAt.toISOString()}`,
    '# Académie fictive : aucune personne réelle. Fictional académie: no real person.',
    '# Supprimez ce fichier une fois les identifiants notés. Delete this file once the logins are noted.',
    ...logins.map((l) => `${l.role.padEnd(roleWidth)}  ${l.email.padEnd(emailWidth)}  ${l.password}`),
    '',
  ].join('\n');
}

/** Write the file in `dataDir` (replacing an older one) and return its path. */
export async function writeDemoLogins(dataDir: string, content: string): Promise<string> {
  const path = join(dataDir, DEMO_LOGINS_FILE);
  // Created 0600 from the first byte: the passwords are never readable by others, even briefly.
  await writeFileAtomically(path, content, 0o600);
  return path;
}
