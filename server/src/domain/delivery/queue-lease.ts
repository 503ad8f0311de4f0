// Keeping and giving back leases. A runner renews its leases while a long delivery runs (so nobody takes over
// a live attempt), and on shutdown gives back the ones it will not finish: they are due again at once for any
// runner, instead of waiting for the lease to run out.

import type { Database } from '#store';

const ID_CHUNK = 500;

/** Extend the leases `owner` still holds on `ids`; returns how many it still holds. */
export async function renewLeases(
  database: Database,
  owner: string,
  ids: readonly string[],
  now: number,
  leaseMs: number,
): Promise<number> {
  let held = 0;
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const part = ids.slice(start, start + ID_CHUNK);
    const result = await database.write(({ db }) =>
      db
        .updateTable('queue_recipients')
        .set((eb) => ({
          lease_expires_at: now + leaseMs,
          // A held recipient keeps its own due time; only an active one is due when its lease ends.
          next_attempt_at: eb
            .case()
            .when('state', '=', 'active')
            .then(now + leaseMs)
            .else(eb.ref('next_attempt_at'))
            .end(),
        }))
        .where('id', 'in', part)
        .where('lease_owner', '=', owner)
        .executeTakeFirst(),
    );
    held += Number(result.numUpdatedRows);
  }
  return held;
}

/** Give back the leases `owner` holds on `ids`: active ones become deferred and due now; held ones stay held. */
export async function releaseLeases(
  database: Database,
  owner: string,
  ids: readonly string[],
  now: number,
): Promise<number> {
  let released = 0;
  for (let start = 0; start < ids.length; start += ID_CHUNK) {
    const part = ids.slice(start, start + ID_CHUNK);
    const result = await database.write(({ db }) =>
      db
        .updateTable('queue_recipients')
        .set((eb) => ({
          state: eb.case().when('state', '=', 'active').then('deferred').else(eb.ref('state')).end(),
          next_attempt_at: eb
            .case()
            .when('state', '=', 'active')
            .then(now)
            .else(eb.ref('next_attempt_at'))
            .end(),
          lease_owner: null,
          lease_expires_at: null,
        }))
        .where('id', 'in', part)
        .where('lease_owner', '=', owner)
        .executeTakeFirst(),
    );
    released += Number(result.numUpdatedRows);
  }
  return released;
}
