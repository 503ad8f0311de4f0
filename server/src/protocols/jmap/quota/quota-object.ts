// The JMAP Quota object (RFC 9425 §4) from the mail module's quota resources, and its properties. Both quotas
// are the account's own (scope account) and count mail only.

import { JMAP_CAPABILITIES, type JmapQuota } from '@vercors/contract';
import type { QuotaResource } from '#domain/mail';

/** The capability of the Quota methods (RFC 9425 §3). */
export const QUOTA = JMAP_CAPABILITIES.quota;

export const QUOTA_PROPERTIES = [
  'id',
  'resourceType',
  'used',
  'hardLimit',
  'scope',
  'name',
  'types',
  'warnLimit',
  'softLimit',
  'description',
] as const;

export function jmapQuota(resource: QuotaResource): JmapQuota {
  return {
    // The resource type is the id: one quota of each per account, stable across releases.
    id: resource.resourceType,
    resourceType: resource.resourceType,
    used: resource.used,
    hardLimit: resource.hardLimit,
    scope: 'account',
    name: resource.name,
    types: ['Mail'],
    warnLimit: resource.warnLimit,
    // Delivery refuses at the hard limit; there is no soft one.
    softLimit: null,
    description: null,
  };
}
