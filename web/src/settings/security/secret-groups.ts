// An authenticator app's key as a person types it from the screen: base32 in groups of four (`JBSW Y3DP …`),
// the way the apps show it, so a line of 32 letters can be copied without losing one's place. The app
// ignores the spaces.

/** The key in upper case, without separators, in groups of `size` joined by a space. */
export function groupSecret(secret: string, size = 4): string {
  const plain = secret.replace(/[\s-]/g, '').toUpperCase();
  const groups: string[] = [];
  for (let start = 0; start < plain.length; start += size) groups.push(plain.slice(start, start + size));
  return groups.join(' ');
}
