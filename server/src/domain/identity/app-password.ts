// App passwords as the domain shows them: per device, scoped, with their last use. The secret itself is
// returned once, at creation, and never again.

export const APP_PASSWORD_SCOPES = ['mail', 'dav', 'all'] as const;
export type AppPasswordScope = (typeof APP_PASSWORD_SCOPES)[number];

/** Protocols a client logs in with; the scope an app password needs for each. */
export type ProtocolName = 'imap' | 'smtp' | 'jmap' | 'dav' | 'managesieve';

export function scopeAllows(scope: AppPasswordScope, protocol: ProtocolName): boolean {
  if (scope === 'all') return true;
  return protocol === 'dav' ? scope === 'dav' : scope === 'mail';
}

export const APP_PASSWORD_LIMITS = {
  /** Per account: a phone, a tablet, a laptop or two, with room for mistakes. */
  maxPerAccount: 20,
  maxNameLength: 64,
} as const;

export interface AppPassword {
  readonly id: string;
  /** The device it was made for. */
  readonly name: string;
  readonly scope: AppPasswordScope;
  readonly createdAt: Date;
  readonly lastUsed: {
    readonly at: Date;
    readonly address: string | null;
    readonly protocol: string | null;
  } | null;
}

export interface NewAppPassword {
  readonly appPassword: AppPassword;
  /** Shown to the user once (`abcd-efgh-jkmn-pqrs`); only its hash is kept. */
  readonly secret: string;
}
