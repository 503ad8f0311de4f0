// The preferences service (JMAP Preferences/get, /set, /changes): reading an account's preferences, changing
// them in one transaction with their change-log row (the language and time zone through identity, in that same
// transaction), and their JMAP state. Only the account's owner reaches them; anyone else gets the words of a
// missing account.

import type { Clock } from '#core/clock';
import { DomainError } from '#core/errors';
import type { Logger } from '#core/log';
import type { AccountChanges, IdentityService } from '#domain/identity';
import { objectState, type Database, type ObjectChanges } from '#store';
import { preferencesNotFound } from './preferences-errors.ts';
import {
  lockAccountSettings,
  readAccountSettings,
  readStoredPreferences,
  writeStoredPreferences,
} from './preferences-rows.ts';
import { checkChanges } from './preferences-validation.ts';
import {
  ACCOUNT_CHANGE_TYPE,
  PREFERENCES_ID,
  PREFERENCES_TYPE,
  type Preferences,
  type PreferencesActor,
  type PreferencesChanges,
  type StoredPreferences,
} from './preferences.ts';

export interface PreferencesDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** The account record's language and time zone change through identity (checked, audited, recorded). */
  readonly accounts: Pick<IdentityService, 'updateAccountIn'>;
}

export interface PreferencesService {
  /** The account's preferences, defaults for what was never changed. */
  getPreferences(actor: PreferencesActor, accountId: string): Promise<Preferences>;
  /**
   * Apply `changes` in one transaction; invalid naming every bad property; returns the preferences as stored
   * (a time zone as Intl names it, the remote-image senders in one spelling). A change that changes nothing
   * writes nothing.
   */
  updatePreferences(
    actor: PreferencesActor,
    accountId: string,
    changes: PreferencesChanges,
  ): Promise<Preferences>;
  /**
   * The JMAP state: the highest modseq of a Preferences change or of an account-record change (which may be
   * the language or time zone, changed by an administrator), never below either's pruned horizon; 0 before any.
   */
  state(actor: PreferencesActor, accountId: string): Promise<number>;
  /**
   * Preferences/changes: `singleton` is updated when the state moved past `sinceModseq`. The object always
   * exists and is the only one, so that answer is exact even past the log's pruning and needs no paging.
   */
  changes(actor: PreferencesActor, accountId: string, sinceModseq: number): Promise<ObjectChanges>;
}

export function createPreferencesService(dependencies: PreferencesDependencies): PreferencesService {
  const { database, clock, log, accounts } = dependencies;

  const requireOwner = (actor: PreferencesActor, accountId: string) => {
    if (actor.accountId !== accountId) throw preferencesNotFound(accountId);
  };

  const state = async (accountId: string) =>
    Math.max(
      await objectState(database.db, accountId, PREFERENCES_TYPE),
      await objectState(database.db, accountId, ACCOUNT_CHANGE_TYPE),
    );

  return {
    async getPreferences(actor, accountId) {
      requireOwner(actor, accountId);
      const account = await readAccountSettings(database.db, accountId);
      if (account === undefined) throw preferencesNotFound(accountId);
      const stored = await readStoredPreferences(database.db, accountId);
      return { locale: account.locale, timeZone: account.timeZone, ...stored };
    },

    async updatePreferences(actor, accountId, changes) {
      requireOwner(actor, accountId);
      // Checked before the transaction: a refused change costs no write.
      const checked = checkChanges(changes);
      const outcome = await database.write(async (tx) => {
        const account = await lockAccountSettings(tx.db, accountId);
        if (account === undefined) throw preferencesNotFound(accountId);
        const current = await readStoredPreferences(tx.db, accountId);
        const next: StoredPreferences = { ...current, ...checked.stored };
        const accountChanges: { -readonly [K in keyof AccountChanges]: AccountChanges[K] } = {};
        if (checked.account.locale !== undefined && checked.account.locale !== account.locale)
          accountChanges.locale = checked.account.locale;
        if (checked.account.timeZone !== undefined && checked.account.timeZone !== account.timeZone)
          accountChanges.timeZone = checked.account.timeZone;
        const changedStored = (Object.keys(checked.stored) as (keyof StoredPreferences)[]).filter(
          (property) => JSON.stringify(current[property]) !== JSON.stringify(next[property]),
        );
        const fields = [...Object.keys(accountChanges), ...changedStored];
        if (fields.length === 0)
          return { fields, preferences: { locale: account.locale, timeZone: account.timeZone, ...current } };

        let { locale, timeZone } = account;
        if (Object.keys(accountChanges).length > 0) {
          const updated = await accounts.updateAccountIn(tx, account.email, accountChanges, {
            actor: { accountId, email: account.email },
          });
          ({ locale, timeZone } = updated);
        }
        if (changedStored.length > 0) await writeStoredPreferences(tx.db, accountId, next, clock.nowMs());
        await tx.recordChange(accountId, PREFERENCES_TYPE, PREFERENCES_ID, 'updated');
        return { fields, preferences: { locale, timeZone, ...next } };
      });
      if (outcome.fields.length > 0)
        log.info({ event: 'preferences.updated', accountId, fields: outcome.fields }, 'preferences updated');
      return outcome.preferences;
    },

    async state(actor, accountId) {
      requireOwner(actor, accountId);
      return await state(accountId);
    },

    async changes(actor, accountId, sinceModseq) {
      requireOwner(actor, accountId);
      if (!Number.isSafeInteger(sinceModseq) || sinceModseq < 0)
        throw new DomainError('invalid', `invalid state ${sinceModseq}`, {
          details: { subject: 'state', name: String(sinceModseq), reason: 'invalidState' },
        });
      const now = await state(accountId);
      const isUpdated = now > sinceModseq;
      return {
        newModseq: isUpdated ? now : sinceModseq,
        hasMoreChanges: false,
        created: [],
        updated: isUpdated ? [PREFERENCES_ID] : [],
        destroyed: [],
      };
    },
  };
}
