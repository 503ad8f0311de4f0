// What the server will refuse in a field people type, checked before saving so the form can say so next to
// the field: bounds are UTF-8 bytes (docs/jmap.md "Vercors additions"), a one-line field (a name, a subject:
// it goes into a header or a switcher) holds no line break or control, free text keeps lines and tabs.

/** Controls (C0, DEL, C1) and the Unicode line separators, which would break a header line. */
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** In free text, lines and tabs are text; other C0 controls are not. */
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;
const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

export type TextForm = 'line' | 'text';
export type TextProblem = 'control' | 'tooLong';

/** Why the server would refuse `input` as a `form` of at most `maxBytes` bytes, or undefined. */
export function textProblem(input: string, form: TextForm, maxBytes: number): TextProblem | undefined {
  if (!input.isWellFormed() || (form === 'line' ? LINE_CONTROL : TEXT_CONTROL).test(input)) return 'control';
  if (utf8Bytes(input) > maxBytes) return 'tooLong';
  return undefined;
}
