// Modified UTF-7 mailbox names of IMAP4rev1 clients (RFC 3501 §5.1.3): the codec is formats/mailbox-files'
// strict one; a name it refuses is a syntax error of the command (BAD).

import { ParseError } from '#core/errors';
import { decodeModifiedUtf7 as decodeStrictly, ModifiedUtf7Error } from '#formats/mailbox-files';
import { PARSE_ERRORS, printable } from './tokens.ts';

export { encodeModifiedUtf7 } from '#formats/mailbox-files';

export function decodeModifiedUtf7(wire: string): string {
  try {
    return decodeStrictly(wire);
  } catch (error) {
    if (!(error instanceof ModifiedUtf7Error)) throw error;
    throw new ParseError(
      PARSE_ERRORS.syntax,
      `Invalid mailbox name "${printable(wire)}" (modified UTF-7): ${error.message}`,
    );
  }
}
