// Public surface of the JSContact codec (#formats/jscontact): JSContact Card (RFC 9553) ↔ vCard (RFC 9555),
// for JMAP ContactCard over the cards CardDAV stores as vCard. Pure: no I/O.

export { ID_PREFIXES, MODELED_PROPERTIES, type CardMap, type JsCard } from './jscontact-card.ts';
export { JSCONTACT_LIMITS } from './jscontact-limits.ts';
export { jscontactToVcard, type VcardWriteOptions } from './jscontact-to-vcard.ts';
export { partialDate, vcardToJscontact } from './vcard-to-jscontact.ts';
