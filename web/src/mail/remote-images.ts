// Remote images allowed per sender: the preference `remoteImagesFrom` holds addresses ("marie@example.fr")
// and whole domains ("@example.fr"). A message's images show without asking when its From is one of them;
// a message that failed the sender checks never gets that trust (its From may be forged).

import type { JmapEmailAddress } from '@vercors/contract';

/** The entry that trusts this sender: the address itself, or its whole domain. */
export function remoteImagesEntry(address: string, scope: 'address' | 'domain'): string | undefined {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return undefined;
  return scope === 'domain' ? email.slice(at) : email;
}

/** Whether every From address of the message is trusted by an entry (an empty From never is). */
export function remoteImagesAllowed(
  from: readonly JmapEmailAddress[] | null,
  entries: readonly string[],
  isSuspicious: boolean,
): boolean {
  if (isSuspicious || from === null || from.length === 0) return false;
  const trusted = new Set(entries);
  return from.every((sender) => {
    const address = remoteImagesEntry(sender.email, 'address');
    const domain = remoteImagesEntry(sender.email, 'domain');
    return (address !== undefined && trusted.has(address)) || (domain !== undefined && trusted.has(domain));
  });
}

/** The list with the entry added once (it is kept lowercase, as the server keeps it). */
export function withRemoteImagesEntry(entries: readonly string[], entry: string): readonly string[] {
  return entries.includes(entry) ? entries : [...entries, entry];
}
