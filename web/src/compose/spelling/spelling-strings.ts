// The spelling part of the web app's catalogues (fr is the reference; en has the same keys). Merged into
// web/src/i18n/fr.ts and en.ts, whose test checks both languages have every key.

export const spellingFr = {
  spelling: {
    possibleMistake: 'Faute d’orthographe possible (Alt+Entrée : suggestions, F7 : faute suivante)',
    menuLabel: 'Orthographe de « {{word}} »',
    ignore: 'Ignorer dans ce message',
    noSuggestions: 'Aucune suggestion',
    searching: 'Recherche de suggestions…',
  },
};

export const spellingEn: typeof spellingFr = {
  spelling: {
    possibleMistake: 'Possible spelling mistake (Alt+Enter: suggestions, F7: next mistake)',
    menuLabel: 'Spelling of “{{word}}”',
    ignore: 'Ignore in this message',
    noSuggestions: 'No suggestions',
    searching: 'Looking for suggestions…',
  },
};
