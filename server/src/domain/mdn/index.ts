// Public surface of mdn: read receipts (RFC 8098 message disposition notifications) sent for the account's
// emails and read from the ones it receives (JMAP MDN, RFC 9007).

export {
  type Mdn,
  MDN_DEFAULT_REPORTING_UA,
  MDN_LIMITS,
  type MdnDisposition,
  MdnRefused,
  type MdnRefusal,
  type MdnSendOutcome,
  type NewMdn,
} from './mdn.ts';
export type { MdnDependencies } from './mdn-context.ts';
export { createMdnService, type MdnService } from './mdn-service.ts';
// Reading reports others sent: the submission module links receipts to what they report on.
export { type ParsedMdn, readMdn } from './mdn-parse.ts';
export { fieldValues, readFields } from './mdn-fields.ts';
