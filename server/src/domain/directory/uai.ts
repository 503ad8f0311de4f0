// UAI codes (unité administrative immatriculée, the national register of establishments, RAMSESE/BCE):
// seven digits then a check letter. The letter is the 7-digit number modulo 23, read in an alphabet
// without I, O and Q (they look like 1 and 0), e.g. 0380027Y is Lycée Champollion in Grenoble.

const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter of a 7-digit UAI number (0 ≤ n ≤ 9 999 999). */
export function uaiCheckLetter(number: number): string {
  if (!Number.isInteger(number) || number < 0 || number > 9_999_999) {
    throw new RangeError(`a UAI number has seven digits, got ${number}`);
  }
  return CHECK_LETTERS[number % 23] ?? 'A';
}

/** The UAI for a 7-digit number, check letter included: uaiOf(380027) = '0380027Y'. */
export function uaiOf(number: number): string {
  return `${String(number).padStart(7, '0')}${uaiCheckLetter(number)}`;
}

/** Upper-case and trim what a person typed; undefined unless it is a well-formed UAI with the right letter. */
export function normalizeUai(input: string): string | undefined {
  const candidate = input.trim().toUpperCase();
  const match = /^(\d{7})([A-Z])$/.exec(candidate);
  if (!match) return undefined;
  return uaiCheckLetter(Number(match[1])) === match[2] ? candidate : undefined;
}

export function isValidUai(input: string): boolean {
  return normalizeUai(input) === input;
}
