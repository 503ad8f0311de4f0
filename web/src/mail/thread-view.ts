// The conversation view: the messages of the open message's thread, oldest first, those only in the trash
// or junk left out (unless the open one is there too), and which ones start unfolded: the open one, the
// unread ones, and the latest.

export interface ThreadMember {
  readonly id: string;
  readonly mailboxIds: Readonly<Record<string, boolean>>;
  readonly keywords: Readonly<Record<string, boolean>>;
  readonly receivedAt: string;
}

/** At most this many messages of a thread are shown (the newest); a longer one says how many are hidden. */
export const MAX_THREAD_SHOWN = 100;

export function threadMembers<T extends ThreadMember>(
  members: readonly T[],
  openId: string,
  setAside: ReadonlySet<string>,
): { shown: T[]; hidden: number } {
  const open = members.find((member) => member.id === openId);
  const isAside = (member: ThreadMember) =>
    Object.keys(member.mailboxIds).length > 0 &&
    Object.keys(member.mailboxIds).every((mailboxId) => setAside.has(mailboxId));
  const openIsAside = open !== undefined && isAside(open);
  const kept = members
    .filter((member) => member.id === openId || openIsAside || !isAside(member))
    .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  const shown = kept.slice(-MAX_THREAD_SHOWN);
  if (open !== undefined && !shown.includes(open)) shown[0] = open;
  return { shown, hidden: kept.length - shown.length };
}

export function initiallyUnfolded(members: readonly ThreadMember[], openId: string): Set<string> {
  const unfolded = new Set<string>([openId]);
  for (const member of members) if (member.keywords.$seen !== true) unfolded.add(member.id);
  const latest = members.at(-1);
  if (latest !== undefined) unfolded.add(latest.id);
  return unfolded;
}
