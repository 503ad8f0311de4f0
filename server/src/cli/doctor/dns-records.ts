// The DNS records a served domain needs, pointing at the server's host name: MX for inbound mail, SPF and
// DMARC so others can check our mail, autoconfig/autodiscover names and SRV records (RFC 6186 mail,
// RFC 8314 submissions, RFC 6764 CalDAV/CardDAV) so clients configure themselves. Ports are production ones.

export interface DnsRecord {
  /** Fully qualified, with the trailing dot, as in a zone file. */
  readonly name: string;
  readonly type: 'MX' | 'TXT' | 'CNAME' | 'SRV';
  readonly value: string;
}

/** What clients reach, whatever the listeners are bound to here (a proxy or NAT maps them). */
export const PRODUCTION_PORTS = { imaps: 993, submissions: 465, https: 443 } as const;

export function dnsRecordsFor(domain: string, hostname: string): DnsRecord[] {
  const host = `${hostname}.`;
  const zone = `${domain}.`;
  const srv = (service: string, port: number): DnsRecord => ({
    name: `_${service}._tcp.${zone}`,
    type: 'SRV',
    // Priority 0, weight 1: one server; clients still verify the certificate against `hostname`.
    value: `0 1 ${port} ${host}`,
  });
  return [
    { name: zone, type: 'MX', value: `10 ${host}` },
    // Only the MX hosts send for the domain; -all lets receivers refuse forgeries outright.
    { name: zone, type: 'TXT', value: '"v=spf1 mx -all"' },
    // Quarantine, not reject, while DKIM is being rolled out; aggregate reports show who sends as us.
    {
      name: `_dmarc.${zone}`,
      type: 'TXT',
      value: `"v=DMARC1; p=quarantine; rua=mailto:postmaster@${domain}"`,
    },
    { name: `autoconfig.${zone}`, type: 'CNAME', value: host },
    { name: `autodiscover.${zone}`, type: 'CNAME', value: host },
    srv('imaps', PRODUCTION_PORTS.imaps),
    srv('submissions', PRODUCTION_PORTS.submissions),
    srv('caldavs', PRODUCTION_PORTS.https),
    srv('carddavs', PRODUCTION_PORTS.https),
  ];
}

/** One zone-file line: `name TTL IN type value`, columns aligned by the caller's widths. */
export function zoneLine(record: DnsRecord, nameWidth: number): string {
  return `${record.name.padEnd(nameWidth)}  3600  IN  ${record.type.padEnd(5)}  ${record.value}`;
}

/** A TXT record whose text is split in strings (a DKIM key: each string at most 255 bytes), quoted. */
export function txtRecord(name: string, strings: readonly string[]): DnsRecord {
  return { name, type: 'TXT', value: strings.map((part) => `"${part}"`).join(' ') };
}
