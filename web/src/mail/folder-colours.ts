// The folder colours a person can pick (the server's palette names, docs/jmap.md Mailbox.color) and how each
// shows; a `#rrggbb` another client set shows as it is.

export const FOLDER_COLOURS = {
  red: '#ce0500',
  orange: '#d64d00',
  yellow: '#b7a73f',
  green: '#18753c',
  teal: '#009081',
  blue: '#0063cb',
  indigo: '#000091',
  purple: '#6e445a',
  pink: '#c3197b',
  brown: '#7f4b2d',
  grey: '#666666',
} as const;

export type FolderColour = keyof typeof FOLDER_COLOURS;

/** The CSS colour of a mailbox's `color`, or undefined for none or an unknown value. */
export function colourOf(color: string | null): string | undefined {
  if (color === null) return undefined;
  if (/^#[0-9a-f]{6}$/i.test(color)) return color;
  return Object.hasOwn(FOLDER_COLOURS, color) ? FOLDER_COLOURS[color as FolderColour] : undefined;
}
