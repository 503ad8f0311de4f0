// Spelling settings (section `spelling`): whether the webmail's French spell check is offered, when its
// dictionary is loaded, and the bounds of its one worker thread per process. Like every settings file, this
// imports nothing but #core/config, because read-config.ts loads it in processes that never open the store.

import { booleanSetting, durationSetting, integerSetting } from '#core/config';

export const SPELLING_SETTINGS = {
  enabled: booleanSetting({
    key: 'spelling.enabled',
    default: true,
    why: {
      fr: 'Correcteur orthographique français du webmail (Spelling/check) ; chaque processus qui s’en sert charge le dictionnaire sur un fil à part (environ 5 s et 400 Mo) ; false : le navigateur garde sa propre correction.',
      en: 'French spell check in the webmail (Spelling/check); each process that uses it loads the dictionary on a thread of its own (about 5 s and 400 MB); false: browsers keep their own spell check.',
    },
  }),
  preload: booleanSetting({
    key: 'spelling.preload',
    default: false,
    why: {
      fr: 'Charger le dictionnaire dès le démarrage de chaque processus plutôt qu’à la première vérification, qui sinon répond « en cours de chargement » pendant quelques secondes.',
      en: 'Load the dictionary when each process starts rather than at the first check, which otherwise answers “loading” for a few seconds.',
    },
  }),
  maxWaiting: integerSetting({
    key: 'spelling.max-waiting',
    default: 32,
    min: 1,
    max: 1000,
    why: {
      fr: 'Vérifications en attente par processus ; au-delà, refusées aussitôt (le webmail réessaie) plutôt que d’attendre derrière une file qui ne se videra pas à temps.',
      en: 'Checks waiting per process; beyond, refused at once (the webmail retries) rather than queued behind work that will not finish in time.',
    },
  }),
  timeout: durationSetting({
    key: 'spelling.timeout',
    default: 3000,
    minMs: 200,
    maxMs: 30_000,
    why: {
      fr: 'Durée maximale d’une vérification, attente comprise : les suggestions s’arrêtent là, une vérification encore en attente est refusée (le webmail réessaie) ; un fil bloqué bien au-delà est arrêté puis rechargé.',
      en: 'Longest a check may take, waiting included: suggestions stop there, and a check still waiting is refused (the webmail retries); a thread stuck well beyond it is stopped and loaded again.',
    },
  }),
  idleUnload: durationSetting({
    key: 'spelling.idle-unload',
    default: 2 * 3_600_000,
    minMs: 60_000,
    maxMs: 30 * 86_400_000,
    why: {
      fr: 'Le dictionnaire inutilisé pendant ce temps est déchargé, ce qui rend sa mémoire ; une pause déjeuner ne le décharge pas.',
      en: 'A dictionary unused for this long is unloaded, giving its memory back; a lunch break does not unload it.',
    },
  }),
} as const;
