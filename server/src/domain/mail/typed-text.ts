// What makes text people type unacceptable, for the fields of sending identities, signatures and reply
// templates: ill-formed Unicode or a NUL (PostgreSQL's text refuses it), controls, and a size over its bound.
// A line (a name, a subject: it may go into a header) holds no line breaks; free text keeps lines and tabs.

/** Controls (C0, DEL, C1) and the Unicode line separators would break or fold a header line. */
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** In free text, lines and tabs are text; other C0 controls are not. */
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;
const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export type TextForm = 'line' | 'text';
export type TextProblem = 'controlCharacter' | 'tooLong';

/** Why `input` cannot be stored as a `form` of at most `maxBytes` UTF-8 bytes, or undefined when it can. */
export function textProblem(input: string, form: TextForm, maxBytes: number): TextProblem | undefined {
  if (!input.isWellFormed() || (form === 'line' ? LINE_CONTROL : TEXT_CONTROL).test(input))
    return 'controlCharacter';
  // Cheap first: a string of n UTF-16 units is at most 3n bytes, and at least n.
  if (input.length > maxBytes || (input.length * 3 > maxBytes && byteLength(input) > maxBytes))
    return 'tooLong';
  return undefined;
}
