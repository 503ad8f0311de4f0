// Public surface of the vCard codec (#formats/vcard): parse and check one card and extract its columns, split
// a multi-card file for import, build the cards the server writes itself. Pure: no I/O.

export { buildVcard, escapeText, foldLine, withUid, type NewCard } from './build-vcard.ts';
export { buildPersonVcard, type PersonCardInput } from './person-vcard.ts';
export { checkCardBounds, parseVcard, VCARD_PROBLEMS, type VcardProblem } from './parse-vcard.ts';
export { splitVcards, type SplitCard, type SplitResult } from './split-vcards.ts';
export { VCARD_VERSIONS, type CardKind, type ParsedCard, type VcardVersion } from './vcard-card.ts';
export { VCARD_LIMITS } from './vcard-limits.ts';
