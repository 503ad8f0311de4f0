// JMAP's public surface (RFC 8620, RFC 8621): the Hono app the runtime mounts, and its authenticator.

export { createJmapApp, createJmapSlots, type JmapServiceOptions, type JmapSlots } from './jmap-service.ts';
export { createJmapWebSocket, type UpgradeHandler } from './websocket/websocket-upgrade.ts';
export { createJmapAuthenticator, type JmapAuthenticator, type JmapIdentity } from './jmap-auth.ts';
export { JMAP_CORE_LIMITS } from './jmap-limits.ts';
export type { JmapPrincipal, JmapServices } from './method-context.ts';
export { JMAP_PATHS, SUPPORTED_CAPABILITIES } from './session-resource.ts';
export { corsOriginsOf, JMAP_SETTINGS } from './settings.ts';
