// Where the app is, in the address's hash so the browser's back button, a reload and a bookmark work:
// `#/mail`, `#/contacts[/…]`, `#/settings/<section>`. Anything else is the mail screen.

export const SETTINGS_SECTIONS = [
  'general',
  'reading',
  'identities',
  'templates',
  'security',
  'phone',
] as const;

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type Route =
  | { readonly screen: 'mail' }
  | { readonly screen: 'contacts'; readonly path: string }
  | { readonly screen: 'settings'; readonly section: SettingsSection };

export function parseRoute(hash: string): Route {
  const [screen = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  if (screen === 'contacts') return { screen: 'contacts', path: rest.join('/') };
  if (screen === 'settings') {
    const section = SETTINGS_SECTIONS.find((candidate) => candidate === rest[0]) ?? 'general';
    return { screen: 'settings', section };
  }
  return { screen: 'mail' };
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'mail':
      return '#/mail';
    case 'contacts':
      return route.path === '' ? '#/contacts' : `#/contacts/${route.path}`;
    case 'settings':
      return `#/settings/${route.section}`;
  }
}
