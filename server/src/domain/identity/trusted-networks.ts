// Trusted networks: the address ranges of the académie's establishments (and its own offices), from which the
// web login may skip the second factor as the role's rule allows. Kept in the database so every process and
// every node agree; a login reads them (a few hundred rows at most), so a change applies at once.

import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { recordAuditEvent } from '#domain/audit';
import type { AccessOrigin } from './access-origin.ts';
import { requireEstablishment, type Reader } from './account-lookups.ts';
import type { IdentityContext } from './identity-context.ts';
import { parseNetworkRange, rangeMatcher } from '#core/network-range';

export const TRUSTED_NETWORK_LIMITS = { maxNetworks: 10_000, maxLabelLength: 128 } as const;

export interface TrustedNetwork {
  readonly id: string;
  readonly cidr: string;
  /** The establishment's UAI; null for a range of the académie itself. */
  readonly establishmentUai: string | null;
  readonly label: string;
  readonly createdAt: Date;
}

export interface TrustedNetworkOperations {
  addTrustedNetwork(
    input: { cidr: string; establishmentUai?: string | null; label?: string },
    origin: AccessOrigin,
  ): Promise<TrustedNetwork>;
  listTrustedNetworks(establishmentUai?: string): Promise<readonly TrustedNetwork[]>;
  /** By id or by CIDR; notFound when there is no such range. */
  removeTrustedNetwork(idOrCidr: string, origin: AccessOrigin): Promise<TrustedNetwork>;
  isTrustedAddress(address: string): Promise<boolean>;
}

export function trustedNetworkOperations({
  database,
  clock,
  log,
}: IdentityContext): TrustedNetworkOperations {
  return {
    async addTrustedNetwork(input, origin) {
      const range = parseNetworkRange(input.cidr);
      if (range === undefined) {
        throw new DomainError('invalid', `not an address range: ${input.cidr.slice(0, 64)}`, {
          details: { subject: 'network', reason: 'cidr', name: input.cidr.slice(0, 64) },
        });
      }
      const label = (input.label ?? '').trim().slice(0, TRUSTED_NETWORK_LIMITS.maxLabelLength);
      const uai = input.establishmentUai ?? null;
      const row = await database.write(async (tx) => {
        if (uai !== null) await requireEstablishment(tx.db, uai, 'network', range.cidr);
        const existing = await tx.db
          .selectFrom('trusted_networks')
          .select('id')
          .where('cidr', '=', range.cidr)
          .executeTakeFirst();
        if (existing !== undefined) {
          throw new DomainError('exists', `${range.cidr} is already a trusted network`, {
            details: { subject: 'network', name: range.cidr },
          });
        }
        const { count } = await tx.db
          .selectFrom('trusted_networks')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        if (Number(count) >= TRUSTED_NETWORK_LIMITS.maxNetworks) {
          throw new DomainError('limit', 'too many trusted networks', {
            details: { subject: 'network', max: TRUSTED_NETWORK_LIMITS.maxNetworks },
          });
        }
        const values = {
          id: newId('n'),
          cidr: range.cidr,
          establishment_uai: uai,
          label,
          created_at: clock.nowMs(),
        };
        await tx.db.insertInto('trusted_networks').values(values).execute();
        await recordAuditEvent(tx, clock, {
          type: 'policy.changed',
          actor: origin.actor,
          remoteAddress: origin.remoteAddress,
          details: { change: 'trustedNetwork.added', cidr: range.cidr, establishment: uai },
        });
        return values;
      });
      log.info(
        { event: 'trustedNetwork.added', cidr: row.cidr, establishment: uai },
        'trusted network added',
      );
      return toTrustedNetwork(row);
    },

    async listTrustedNetworks(establishmentUai) {
      let select = database.db.selectFrom('trusted_networks').selectAll();
      if (establishmentUai !== undefined) select = select.where('establishment_uai', '=', establishmentUai);
      const rows = await select.orderBy('cidr').execute();
      return rows.map(toTrustedNetwork);
    },

    async removeTrustedNetwork(idOrCidr, origin) {
      const cidr = parseNetworkRange(idOrCidr)?.cidr;
      const row = await database.write(async (tx) => {
        const found = await tx.db
          .selectFrom('trusted_networks')
          .selectAll()
          .where((eb) => (cidr === undefined ? eb('id', '=', idOrCidr) : eb('cidr', '=', cidr)))
          .executeTakeFirst();
        if (found === undefined) {
          throw new DomainError('notFound', `no trusted network ${idOrCidr.slice(0, 64)}`, {
            details: { subject: 'network', name: idOrCidr.slice(0, 64) },
          });
        }
        await tx.db.deleteFrom('trusted_networks').where('id', '=', found.id).execute();
        await recordAuditEvent(tx, clock, {
          type: 'policy.changed',
          actor: origin.actor,
          remoteAddress: origin.remoteAddress,
          details: {
            change: 'trustedNetwork.removed',
            cidr: found.cidr,
            establishment: found.establishment_uai,
          },
        });
        return found;
      });
      log.info({ event: 'trustedNetwork.removed', cidr: row.cidr }, 'trusted network removed');
      return toTrustedNetwork(row);
    },

    isTrustedAddress: (address) => isTrustedAddress(database.db, address),
  };
}

export async function isTrustedAddress(db: Reader, address: string): Promise<boolean> {
  const rows = await db.selectFrom('trusted_networks').select('cidr').execute();
  const ranges = rows.flatMap((row) => parseNetworkRange(row.cidr) ?? []);
  return rangeMatcher(ranges)(address);
}

function toTrustedNetwork(row: {
  id: string;
  cidr: string;
  establishment_uai: string | null;
  label: string;
  created_at: number;
}): TrustedNetwork {
  return {
    id: row.id,
    cidr: row.cidr,
    establishmentUai: row.establishment_uai,
    label: row.label,
    createdAt: new Date(Number(row.created_at)),
  };
}
