// Public surface of the web login endpoints (/auth/…): the app the runtime mounts, and what it needs.

export { createWebAuthApp } from './web-auth-app.ts';
export type {
  ClientEndpoint,
  MailClientSettings,
  WebAuthIdentity,
  WebAuthOptions,
} from './web-auth-context.ts';
export { MAX_AUTH_BODY_BYTES } from './request-body.ts';
