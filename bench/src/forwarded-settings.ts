// The VERCORS_* variables of the bench's own environment, handed to the Vercors it starts, under the settings
// the bench fixes itself: to compare one setting's values in otherwise identical runs, e.g.
// `VERCORS_BLOBS_IN_DATABASE_MAX=0 npm run bench:smtp`.

export function forwardedSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VERCORS_') && value !== undefined) settings[name] = value;
  }
  return settings;
}
