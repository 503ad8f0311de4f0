// The web app's French catalogue, the reference: every key here exists in en.ts (i18n.test.ts checks it).

export const fr = {
  app: {
    title: 'Vercors — Messagerie',
    loading: 'Chargement…',
    signOut: 'Se déconnecter',
    signedOut:
      'Votre session a pris fin. Reconnectez-vous pour continuer : rien de ce qui est ouvert n’est perdu.',
    signInAgain: 'Se reconnecter',
    offline: 'Le serveur ne répond pas. Nouvel essai dans quelques secondes…',
    failed:
      'Une erreur est survenue ({{reason}}). Rechargez la page ; si elle revient, signalez-la à l’assistance.',
    skipToList: 'Aller à la liste des messages',
  },
  folders: {
    title: 'Dossiers',
    unread_one: '{{count}} non lu',
    unread_other: '{{count}} non lus',
  },
  list: {
    label: 'Messages de {{folder}}',
    empty: 'Aucun message dans ce dossier.',
    loadingRow: 'Chargement…',
    noSubject: '(sans objet)',
    unknownSender: '(expéditeur inconnu)',
    count_one: '{{count}} conversation',
    count_other: '{{count}} conversations',
    unread: 'non lu',
    flagged: 'suivi',
    attachment: 'pièce jointe',
    selected_one: '{{count}} sélectionnée',
    selected_other: '{{count}} sélectionnées',
  },
  actions: {
    toolbar: 'Actions sur les messages',
    read: 'Marquer comme lu',
    unread: 'Marquer comme non lu',
    flag: 'Suivre',
    unflag: 'Ne plus suivre',
    archive: 'Archiver',
    trash: 'Supprimer',
    junk: 'Indésirable',
    notJunk: 'Pas indésirable',
    moveTo: 'Déplacer vers…',
    failed: 'L’action n’a pas pu être faite ({{reason}}). Réessayez.',
  },
  reader: {
    none: 'Sélectionnez un message pour le lire.',
    loading: 'Ouverture du message…',
    from: 'De',
    to: 'À',
    cc: 'Cc',
    date: 'Date',
    attachments_one: '{{count}} pièce jointe',
    attachments_other: '{{count}} pièces jointes',
    remoteBlocked: 'Les images distantes de ce message sont bloquées pour protéger votre vie privée.',
    showImages: 'Afficher les images',
    bodyFrame: 'Contenu du message',
    noBody: 'Ce message n’a pas de texte.',
  },
} as const;

/** The catalogue's shape: every locale provides the same keys, with strings. */
export type Catalogue = { readonly [K in keyof typeof fr]: { readonly [L in keyof (typeof fr)[K]]: string } };
