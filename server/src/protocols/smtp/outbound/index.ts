// Public surface of outbound SMTP: the delivery agent main.ts injects into the queue runner, its settings, and
// the DNS interface tests and offline setups replace.

export { systemMailDns, type MailDns, type MxRecord } from './mail-dns.ts';
export { MAX_ADDRESSES_PER_HOST, MAX_MX_HOSTS, resolveMailRoute, type MailRoute } from './mail-route.ts';
export { OUTBOUND_SETTINGS, type OutboundSettings } from './outbound-settings.ts';
export {
  createSmtpDeliveryAgent,
  MAX_CONNECTIONS_PER_ATTEMPT,
  parseRelay,
  SMTP_PORT,
  type SmtpAgentOptions,
} from './smtp-delivery-agent.ts';
