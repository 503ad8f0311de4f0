// The installable app's part of the web app's catalogues (fr is the reference; en has the same keys). To be
// merged into web/src/i18n/fr.ts and en.ts, whose test checks both languages have every key.

export const pwaFr = {
  pwa: {
    updateReady: 'Une nouvelle version est disponible.',
    reload: 'Recharger',
  },
};

export const pwaEn: typeof pwaFr = {
  pwa: {
    updateReady: 'A new version is available.',
    reload: 'Reload',
  },
};
