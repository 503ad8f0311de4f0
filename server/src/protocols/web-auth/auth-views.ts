// The JSON the login endpoints answer with: sessions, the signed-in account, app passwords and factors, with
// dates as ISO 8601 strings.

import type { Account, AppPassword, WebSession } from '#domain/identity';

export function accountView(account: Account) {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    locale: account.locale,
    timeZone: account.timeZone,
  };
}

export function sessionView(session: WebSession, currentSessionId?: string) {
  return {
    id: session.id,
    current: session.id === currentSessionId,
    state: session.state,
    secondFactor: session.secondFactor,
    isSharedComputer: session.isSharedComputer,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    remoteAddress: session.remoteAddress,
    userAgent: session.userAgent,
  };
}

export function appPasswordView(appPassword: AppPassword) {
  return {
    id: appPassword.id,
    name: appPassword.name,
    scope: appPassword.scope,
    createdAt: appPassword.createdAt.toISOString(),
    lastUsed:
      appPassword.lastUsed === null
        ? null
        : {
            at: appPassword.lastUsed.at.toISOString(),
            address: appPassword.lastUsed.address,
            protocol: appPassword.lastUsed.protocol,
          },
  };
}

export function factorView(factor: {
  id: string;
  kind: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}) {
  return {
    id: factor.id,
    kind: factor.kind,
    label: factor.label,
    createdAt: factor.createdAt.toISOString(),
    lastUsedAt: factor.lastUsedAt?.toISOString() ?? null,
  };
}
