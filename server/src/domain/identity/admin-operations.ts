// The administration an account may do through the network (the admin HTTP API, later the web app's admin
// screens): every operation loads what it touches, asks authorization.ts whether the acting account's roles
// allow it, then calls the identity operation with the actor as the audit origin. A target the actor may not
// read is "not found", so an establishment administrator cannot probe other schools' addresses.

import { DomainError } from '#core/errors';
import { listAuditEvents, type AuditEvent, type AuditQuery } from '#domain/audit';
import type { Database } from '#store';
import type {
  Account,
  AccountChanges,
  AccountDetails,
  AccountPage,
  AccountQuery,
  Domain,
  DomainSummary,
  NewAccount,
  RoleGrant,
} from './account.ts';
import type { AppPassword } from './app-password.ts';
import { authorize, isAllowed, type Actor, type AdminOperation, type AdminTarget } from './authorization.ts';
import type { IdentityService } from './identity-service.ts';
import type { TrustedNetwork } from './trusted-networks.ts';
import type { WebSession } from './web-session.ts';

type Identity = Pick<
  IdentityService,
  | 'findAccount'
  | 'findAccountById'
  | 'createAccount'
  | 'updateAccount'
  | 'deleteAccount'
  | 'listDomains'
  | 'addDomain'
  | 'removeDomain'
  | 'listAccounts'
  | 'suspendAccount'
  | 'reactivateAccount'
  | 'grantRole'
  | 'revokeRole'
  | 'listWebSessions'
  | 'revokeAllWebSessions'
  | 'listAppPasswords'
  | 'revokeAllAppPasswords'
  | 'addTrustedNetwork'
  | 'listTrustedNetworks'
  | 'removeTrustedNetwork'
>;

export interface AdminOperations {
  /** The acting account with its roles; undefined when it no longer exists or may not log in. */
  actorOf(accountId: string): Promise<Actor | undefined>;
  findAccount(actor: Actor, address: string): Promise<AccountDetails>;
  /** Accounts the actor may read: an establishment administrator's own establishments only. */
  listAccounts(actor: Actor, query: AccountQuery): Promise<AccountPage>;
  /**
   * Create an account in an establishment the actor administers. No password and no role: the person
   * activates with a helpdesk code, and roles are granted on their own (role.manage).
   */
  createAccount(actor: Actor, input: NewAccountRequest, remoteAddress: string): Promise<AccountDetails>;
  /** Change an account's fields; a move needs the right over the new establishment too. */
  updateAccount(
    actor: Actor,
    address: string,
    changes: AccountChanges,
    remoteAddress: string,
  ): Promise<AccountDetails>;
  deleteAccount(actor: Actor, address: string, remoteAddress: string): Promise<void>;
  listDomains(actor: Actor): Promise<readonly DomainSummary[]>;
  addDomain(actor: Actor, name: string, remoteAddress: string): Promise<Domain>;
  removeDomain(actor: Actor, name: string, remoteAddress: string): Promise<void>;
  suspendAccount(actor: Actor, address: string, reason: string, remoteAddress: string): Promise<Account>;
  reactivateAccount(actor: Actor, address: string, remoteAddress: string): Promise<Account>;
  grantRole(
    actor: Actor,
    address: string,
    role: string,
    scope: string | null,
    remoteAddress: string,
  ): Promise<AccountDetails>;
  revokeRole(
    actor: Actor,
    address: string,
    role: string,
    scope: string | null,
    remoteAddress: string,
  ): Promise<AccountDetails>;
  listSessions(actor: Actor, address: string): Promise<readonly WebSession[]>;
  endSessions(actor: Actor, address: string, remoteAddress: string): Promise<number>;
  listAppPasswords(actor: Actor, address: string): Promise<readonly AppPassword[]>;
  revokeAppPasswords(actor: Actor, address: string, remoteAddress: string): Promise<number>;
  listTrustedNetworks(actor: Actor): Promise<readonly TrustedNetwork[]>;
  addTrustedNetwork(
    actor: Actor,
    input: { cidr: string; establishmentUai?: string | null; label?: string },
    remoteAddress: string,
  ): Promise<TrustedNetwork>;
  removeTrustedNetwork(actor: Actor, idOrCidr: string, remoteAddress: string): Promise<TrustedNetwork>;
  /** The audit log: all of it, or one account's events (`query.accountId`), as the actor's roles allow. */
  listAuditEvents(actor: Actor, query: AuditQuery): Promise<readonly AuditEvent[]>;
}

/** What the admin API may set on a new account: everything but a password and roles. */
export type NewAccountRequest = Omit<NewAccount, 'password' | 'roles'>;

export function createAdminOperations(database: Database, identity: Identity): AdminOperations {
  const targetOf = (account: {
    establishmentUai: string | null;
    roles: readonly RoleGrant[];
  }): AdminTarget => ({
    kind: 'account',
    establishmentUai: account.establishmentUai,
    roles: account.roles,
  });

  /** The account at `address` when the actor may do `operation` on it (reading it first); else notFound/forbidden. */
  async function permitted(
    actor: Actor,
    address: string,
    operation: AdminOperation,
  ): Promise<AccountDetails> {
    const account = await identity.findAccount(address);
    if (account === undefined || !isAllowed(actor, 'account.read', targetOf(account))) {
      throw new DomainError('notFound', `no account ${address.slice(0, 320)}`, {
        details: { subject: 'account', name: address.slice(0, 320) },
      });
    }
    authorize(actor, operation, targetOf(account));
    return account;
  }

  const origin = (actor: Actor, remoteAddress: string) => ({
    actor: { accountId: actor.accountId, email: actor.email },
    remoteAddress,
  });

  const networkTarget = (establishmentUai: string | null): AdminTarget => ({
    kind: 'network',
    establishmentUai,
  });

  return {
    async actorOf(accountId) {
      const account = await identity.findAccountById(accountId);
      if (account === undefined || account.status !== 'active') return undefined;
      return { accountId: account.id, email: account.email, roles: account.roles };
    },

    findAccount: (actor, address) => permitted(actor, address, 'account.read'),

    async listAccounts(actor, query) {
      const isEverywhere = actor.roles.some((grant) => grant.role !== 'establishmentAdmin');
      if (isEverywhere && actor.roles.length > 0) {
        authorize(actor, 'account.read', { kind: 'account', establishmentUai: null, roles: [] });
        return identity.listAccounts(query);
      }
      const scopes = actor.roles
        .filter((grant) => grant.role === 'establishmentAdmin')
        .map((grant) => grant.scope);
      const establishment = query.establishmentUai ?? (scopes.length === 1 ? scopes[0] : undefined);
      if (establishment === undefined || establishment === null || !scopes.includes(establishment)) {
        throw new DomainError(
          'forbidden',
          `${actor.email} may list only the accounts of their establishments`,
          {
            details: { subject: 'authorization', operation: 'account.read' },
          },
        );
      }
      return identity.listAccounts({ ...query, establishmentUai: establishment });
    },

    async createAccount(actor, input, remoteAddress) {
      authorize(actor, 'account.create', {
        kind: 'account',
        establishmentUai: input.establishmentUai ?? null,
        roles: [],
      });
      // Spelled out so that a password or roles slipped into the request object never reach the account.
      const request: NewAccount = {
        email: input.email,
        displayName: input.displayName,
        kind: input.kind,
        givenName: input.givenName,
        familyName: input.familyName,
        locale: input.locale,
        timeZone: input.timeZone,
        profileCategory: input.profileCategory,
        establishmentUai: input.establishmentUai,
        quotaBytes: input.quotaBytes,
        quotaMessages: input.quotaMessages,
        aliases: input.aliases,
      };
      return identity.createAccount(request, origin(actor, remoteAddress));
    },

    async updateAccount(actor, address, changes, remoteAddress) {
      const account = await permitted(actor, address, 'account.update');
      if (changes.establishmentUai !== undefined) {
        // Moving someone needs the right over where they go, as well as where they are.
        authorize(actor, 'account.update', {
          kind: 'account',
          establishmentUai: changes.establishmentUai,
          roles: account.roles,
        });
      }
      await identity.updateAccount(account.email, changes, origin(actor, remoteAddress));
      return permitted(actor, account.email, 'account.read');
    },

    async deleteAccount(actor, address, remoteAddress) {
      const account = await permitted(actor, address, 'account.delete');
      await identity.deleteAccount(account.email, origin(actor, remoteAddress));
    },

    async listDomains(actor) {
      authorize(actor, 'domain.manage', { kind: 'none' });
      return identity.listDomains();
    },

    async addDomain(actor, name, remoteAddress) {
      authorize(actor, 'domain.manage', { kind: 'none' });
      return identity.addDomain(name, origin(actor, remoteAddress));
    },

    async removeDomain(actor, name, remoteAddress) {
      authorize(actor, 'domain.manage', { kind: 'none' });
      await identity.removeDomain(name, origin(actor, remoteAddress));
    },

    async suspendAccount(actor, address, reason, remoteAddress) {
      const account = await permitted(actor, address, 'account.suspend');
      return identity.suspendAccount(account.email, reason, origin(actor, remoteAddress));
    },

    async reactivateAccount(actor, address, remoteAddress) {
      const account = await permitted(actor, address, 'account.reactivate');
      return identity.reactivateAccount(account.email, origin(actor, remoteAddress));
    },

    async grantRole(actor, address, role, scope, remoteAddress) {
      const account = await permitted(actor, address, 'role.manage');
      await identity.grantRole(account.email, role, scope, origin(actor, remoteAddress));
      return permitted(actor, account.email, 'account.read');
    },

    async revokeRole(actor, address, role, scope, remoteAddress) {
      const account = await permitted(actor, address, 'role.manage');
      await identity.revokeRole(account.email, role, scope, origin(actor, remoteAddress));
      return permitted(actor, account.email, 'account.read');
    },

    async listSessions(actor, address) {
      const account = await permitted(actor, address, 'access.read');
      return identity.listWebSessions(account.id);
    },

    async endSessions(actor, address, remoteAddress) {
      const account = await permitted(actor, address, 'access.revoke');
      return identity.revokeAllWebSessions(account.id, origin(actor, remoteAddress));
    },

    async listAppPasswords(actor, address) {
      const account = await permitted(actor, address, 'access.read');
      return identity.listAppPasswords(account.id);
    },

    async revokeAppPasswords(actor, address, remoteAddress) {
      const account = await permitted(actor, address, 'access.revoke');
      return identity.revokeAllAppPasswords(account.id, origin(actor, remoteAddress), 'administratorRequest');
    },

    async listTrustedNetworks(actor) {
      const all = await identity.listTrustedNetworks();
      return all.filter((network) =>
        isAllowed(actor, 'network.manage', networkTarget(network.establishmentUai)),
      );
    },

    async addTrustedNetwork(actor, input, remoteAddress) {
      authorize(actor, 'network.manage', networkTarget(input.establishmentUai ?? null));
      return identity.addTrustedNetwork(input, origin(actor, remoteAddress));
    },

    async removeTrustedNetwork(actor, idOrCidr, remoteAddress) {
      const all = await identity.listTrustedNetworks();
      const found = all.find((network) => network.id === idOrCidr || network.cidr === idOrCidr);
      if (found !== undefined) authorize(actor, 'network.manage', networkTarget(found.establishmentUai));
      else authorize(actor, 'network.manage', networkTarget(null));
      return identity.removeTrustedNetwork(idOrCidr, origin(actor, remoteAddress));
    },

    async listAuditEvents(actor, query) {
      if (query.accountId === undefined) {
        authorize(actor, 'audit.read', { kind: 'none' });
      } else {
        const account = await identity.findAccountById(query.accountId);
        const target: AdminTarget =
          account === undefined ? { kind: 'account', establishmentUai: null, roles: [] } : targetOf(account);
        // A deleted account's events: only those who may read the whole log.
        if (account === undefined) authorize(actor, 'audit.read', { kind: 'none' });
        else authorize(actor, 'audit.read', target);
      }
      return listAuditEvents(database.db, query);
    },
  };
}
