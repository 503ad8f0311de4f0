// DKIM signing keys per served domain (RFC 6376, ed25519 per RFC 8463): generate, store, activate, and the DNS
// TXT record to publish. A domain signs with at most one active key; a second key waits inactive until its
// record is published, so rotating never breaks signatures in flight.

import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { DomainError, StoreError } from '#core/errors';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import { toDomainName } from '#domain/identity';
import type { Database } from '#store';

const generateKeyPairAsync = promisify(generateKeyPair);

export const DKIM_KEY_TYPES = { rsa: 'rsa-sha256', ed25519: 'ed25519-sha256' } as const;
export type DkimKeyType = keyof typeof DKIM_KEY_TYPES;
export type DkimAlgorithm = (typeof DKIM_KEY_TYPES)[DkimKeyType];

/** RFC 8301 requires at least 1024 bits; 2048 is what every verifier accepts and still fits a TXT record. */
export const RSA_KEY_BITS = 2048;
/** One character-string of a TXT record holds at most 255 bytes (RFC 1035 §3.3.14). */
export const TXT_STRING_BYTES = 255;
/** A selector is a DNS sub-domain (RFC 6376 §3.1); labels of letters, digits and inner hyphens. */
const SELECTOR =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export interface DkimDnsRecord {
  /** Fully qualified with the trailing dot: `selector._domainkey.domain.` */
  readonly name: string;
  /** The whole record text: `v=DKIM1; k=rsa; p=…`. */
  readonly value: string;
  /** `value` cut into strings of at most 255 bytes, as a zone file or DNS console takes them. */
  readonly strings: readonly string[];
}

export interface DkimKey {
  readonly domain: string;
  readonly selector: string;
  readonly algorithm: DkimAlgorithm;
  /** The p= value (base64): SubjectPublicKeyInfo for RSA, the raw 32-byte key for ed25519. */
  readonly publicKey: string;
  readonly createdAt: Date;
  readonly isActive: boolean;
  readonly dnsRecord: DkimDnsRecord;
}

/** What signing needs; the private key stays inside this module and the signer. */
export interface DkimSigningKey {
  readonly domain: string;
  readonly selector: string;
  readonly algorithm: DkimAlgorithm;
  /** PKCS#8 PEM. */
  readonly privateKey: string;
}

export interface DkimKeyOptions {
  /** Default: `vercors` and the year and month, e.g. vercors202611. */
  readonly selector?: string;
  /** Default rsa: every verifier knows it; ed25519 is smaller and faster but not yet universally checked. */
  readonly type?: DkimKeyType;
}

export interface DkimOperations {
  /** A new key for a served domain; active at once when the domain has none, otherwise inactive. */
  createDkimKey(domain: string, options?: DkimKeyOptions): Promise<DkimKey>;
  /** Keys of one domain, or of every domain, by domain then creation. */
  listDkimKeys(domain?: string): Promise<readonly DkimKey[]>;
  /** Sign with this key from now on; the domain's previous key is deactivated in the same transaction. */
  activateDkimKey(domain: string, selector: string): Promise<DkimKey>;
}

export interface DkimDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** True for a domain served here (identity). */
  readonly isLocalDomain: (domain: string) => Promise<boolean>;
}

/** Generate a key pair: the private key as PKCS#8 PEM and the public key as the DNS p= value. */
export async function generateDkimKeyPair(
  type: DkimKeyType,
): Promise<{ privateKey: string; publicKey: string }> {
  if (type === 'rsa') {
    const pair = await generateKeyPairAsync('rsa', { modulusLength: RSA_KEY_BITS });
    return {
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    };
  }
  const pair = await generateKeyPairAsync('ed25519');
  // RFC 8463 §4.2: p= is the bare 32-byte public key, not its SubjectPublicKeyInfo wrapping.
  const { x } = pair.publicKey.export({ format: 'jwk' });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: Buffer.from(x ?? '', 'base64url').toString('base64'),
  };
}

export function dkimDnsRecord(domain: string, selector: string, algorithm: DkimAlgorithm, publicKey: string) {
  const keyType = algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa';
  const value = `v=DKIM1; k=${keyType}; p=${publicKey}`;
  const strings: string[] = [];
  // The value is ASCII, so characters are bytes.
  for (let start = 0; start < value.length; start += TXT_STRING_BYTES) {
    strings.push(value.slice(start, start + TXT_STRING_BYTES));
  }
  return { name: `${selector}._domainkey.${domain}.`, value, strings } satisfies DkimDnsRecord;
}

interface KeyRow {
  domain: string;
  selector: string;
  algorithm: string;
  public_key: string;
  created_at: number | string;
  is_active: number | string;
}

function toDkimKey(row: KeyRow): DkimKey {
  const algorithm = row.algorithm === 'ed25519-sha256' ? 'ed25519-sha256' : 'rsa-sha256';
  return {
    domain: row.domain,
    selector: row.selector,
    algorithm,
    publicKey: row.public_key,
    createdAt: new Date(Number(row.created_at)),
    isActive: Number(row.is_active) === 1,
    dnsRecord: dkimDnsRecord(row.domain, row.selector, algorithm, row.public_key),
  };
}

function invalidSelector(selector: string): DomainError {
  return new DomainError('invalid', `invalid DKIM selector ${JSON.stringify(selector)}`, {
    details: { subject: 'dkimKey', name: selector, reason: 'invalidSelector' },
  });
}

function keyNotFound(domain: string, selector: string): DomainError {
  return new DomainError('notFound', `no DKIM key ${selector} for ${domain}`, {
    details: { subject: 'dkimKey', name: `${selector}._domainkey.${domain}` },
  });
}

function defaultSelector(now: Date): string {
  return `vercors${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

const KEY_COLUMNS = ['domain', 'selector', 'algorithm', 'public_key', 'created_at', 'is_active'] as const;

export function dkimKeyOperations(dependencies: DkimDependencies): DkimOperations {
  const { database, clock, log } = dependencies;

  const servedDomain = async (input: string): Promise<string> => {
    const domain = toDomainName(input);
    if (domain === undefined || !(await dependencies.isLocalDomain(domain))) {
      throw new DomainError('notFound', `domain ${input} is not served here`, {
        details: { subject: 'domain', name: input },
      });
    }
    return domain;
  };

  return {
    async createDkimKey(input, options = {}) {
      const domain = await servedDomain(input);
      const selector = (options.selector ?? defaultSelector(clock.now())).toLowerCase();
      if (!SELECTOR.test(selector)) throw invalidSelector(selector);
      const type = options.type ?? 'rsa';
      const pair = await generateDkimKeyPair(type);
      const exists = () =>
        new DomainError('exists', `DKIM key ${selector} already exists for ${domain}`, {
          details: { subject: 'dkimKey', name: `${selector}._domainkey.${domain}` },
        });
      let row: KeyRow;
      try {
        row = await database.write(async ({ db }) => {
          const existing = await db
            .selectFrom('dkim_keys')
            .select(['selector', 'is_active'])
            .where('domain', '=', domain)
            .execute();
          if (existing.some((key) => key.selector === selector)) throw exists();
          const values = {
            domain,
            selector,
            algorithm: DKIM_KEY_TYPES[type],
            private_key: pair.privateKey,
            public_key: pair.publicKey,
            created_at: clock.nowMs(),
            is_active: existing.some((key) => Number(key.is_active) === 1) ? 0 : 1,
          };
          await db.insertInto('dkim_keys').values(values).execute();
          return values;
        });
      } catch (error) {
        // Another process created the same selector, or the first active key, at the same moment.
        if (error instanceof StoreError && error.code === 'conflict') throw exists();
        throw error;
      }
      const key = toDkimKey(row);
      log.info(
        { event: 'dkim.created', domain, selector, algorithm: key.algorithm, isActive: key.isActive },
        'DKIM key created',
      );
      return key;
    },

    async listDkimKeys(input) {
      let query = database.db
        .selectFrom('dkim_keys')
        .select(KEY_COLUMNS)
        .orderBy('domain')
        .orderBy('created_at');
      if (input !== undefined) query = query.where('domain', '=', toDomainName(input) ?? input);
      return (await query.execute()).map(toDkimKey);
    },

    async activateDkimKey(input, selectorInput) {
      const domain = toDomainName(input) ?? input;
      const selector = selectorInput.toLowerCase();
      const row = await database.write(async ({ db }) => {
        const key = await db
          .selectFrom('dkim_keys')
          .select(KEY_COLUMNS)
          .where('domain', '=', domain)
          .where('selector', '=', selector)
          .executeTakeFirst();
        if (!key) throw keyNotFound(domain, selector);
        // Off first, then on: the partial unique index never sees two active keys.
        await db.updateTable('dkim_keys').set({ is_active: 0 }).where('domain', '=', domain).execute();
        await db
          .updateTable('dkim_keys')
          .set({ is_active: 1 })
          .where('domain', '=', domain)
          .where('selector', '=', selector)
          .execute();
        return { ...key, is_active: 1 };
      });
      log.info({ event: 'dkim.activated', domain, selector }, 'DKIM key activated');
      return toDkimKey(row);
    },
  };
}

/** The active key of the first of `domains` that has one (the author's domain before the sender's). */
export async function findSigningKey(
  database: Database,
  domains: readonly string[],
): Promise<DkimSigningKey | undefined> {
  for (const domain of domains) {
    const row = await database.db
      .selectFrom('dkim_keys')
      .select(['domain', 'selector', 'algorithm', 'private_key'])
      .where('domain', '=', domain)
      .where('is_active', '=', 1)
      .executeTakeFirst();
    if (row) {
      const algorithm = row.algorithm === 'ed25519-sha256' ? 'ed25519-sha256' : 'rsa-sha256';
      return { domain: row.domain, selector: row.selector, algorithm, privateKey: row.private_key };
    }
  }
  return undefined;
}
