// JMAP Quotas (RFC 9425) as the server sends them: one Quota per limited resource of the account. Types only.

import type { JmapId } from './core.ts';

/** RFC 9425 §4: what a quota counts, and where it applies. */
export type QuotaResourceType = 'count' | 'octets';
export type QuotaScope = 'account' | 'domain' | 'global';

export interface JmapQuota {
  /** Stable: `octets` for bytes, `count` for messages. */
  readonly id: JmapId;
  readonly resourceType: QuotaResourceType;
  readonly used: number;
  readonly hardLimit: number;
  readonly scope: QuotaScope;
  /** In the account's language. */
  readonly name: string;
  /** The data types the quota counts: `Mail`. */
  readonly types: readonly string[];
  /** Where the user is first warned (a message to the inbox), or null. */
  readonly warnLimit: number | null;
  readonly softLimit: number | null;
  readonly description: string | null;
}
