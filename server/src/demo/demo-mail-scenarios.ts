// What the demo mailboxes hold: conversations a school's staff really have (class councils, outings,
// convocations, the académie's newsletter, a broken projector), written as data. demo-mail.ts turns them into
// messages. Everything is fictional; outside addresses use the reserved example.org domain.

export interface Party {
  readonly name: string;
  readonly address: string;
}

export interface DemoAttachment {
  readonly filename: string;
  readonly contentType: string;
  /** 'pdf' makes a one-page PDF from these lines; 'ics' an invitation; 'text' a plain file. */
  readonly kind: 'pdf' | 'ics' | 'text';
  readonly lines: readonly string[];
}

export interface DemoTurn {
  /** 'owner' is the demo login whose mailbox this is; 'colleague' is chosen per owner. */
  readonly from: 'owner' | 'colleague' | 'head' | 'rectorat' | 'newsletter' | 'family' | 'technician';
  readonly to: readonly DemoTurn['from'][];
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly DemoAttachment[];
  /** Days before the seeding time. */
  readonly daysAgo: number;
  readonly isFlagged?: boolean;
}

export interface DemoScenario {
  readonly key: string;
  readonly subject: string;
  readonly turns: readonly DemoTurn[];
  /** Where the owner keeps it: the inbox, or filed in Archives once done. */
  readonly folder: 'inbox' | 'archive';
  readonly isDraft?: boolean;
  /** Sent through a mailing list (List-Id). */
  readonly listId?: string;
}

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    key: 'conseil-classe',
    subject: 'Conseil de classe de 3e B — ordre du jour',
    folder: 'inbox',
    turns: [
      {
        from: 'head',
        to: ['owner', 'colleague'],
        daysAgo: 9,
        text: 'Bonjour à toutes et à tous,\n\nLe conseil de classe de 3e B aura lieu mardi à 17 h 30 en salle des professeurs. Vous trouverez l’ordre du jour en pièce jointe. Merci de saisir vos appréciations avant lundi soir.\n\nBien cordialement,',
        attachments: [
          {
            filename: 'ordre-du-jour-3B.pdf',
            contentType: 'application/pdf',
            kind: 'pdf',
            lines: [
              '1. Bilan général de la classe',
              '2. Examen des situations individuelles',
              '3. Orientation : vœux provisoires',
              '4. Questions diverses',
            ],
          },
        ],
      },
      {
        from: 'colleague',
        to: ['head', 'owner'],
        daysAgo: 8,
        text: 'Bonjour,\n\nJe serai en retard d’un quart d’heure (réunion au collège voisin). Pourriez-vous commencer par les élèves dont je ne suis pas le professeur principal ?\n\nMerci,',
      },
      {
        from: 'owner',
        to: ['head', 'colleague'],
        daysAgo: 8,
        text: 'Bonjour,\n\nPas de souci, j’ai prévenu les délégués. Mes appréciations sont saisies.\n\nÀ mardi,',
      },
      {
        from: 'head',
        to: ['owner', 'colleague'],
        daysAgo: 7,
        text: 'Merci à vous deux. Nous commencerons par les situations individuelles.\n\nCordialement,',
      },
    ],
  },
  {
    key: 'sortie-musee',
    subject: 'Sortie au musée de Grenoble le 12 — autorisations',
    folder: 'inbox',
    turns: [
      {
        from: 'colleague',
        to: ['owner'],
        daysAgo: 6,
        text: 'Coucou,\n\nJ’ai réservé le car pour la sortie au musée. Il nous manque encore six autorisations parentales. Je t’envoie l’invitation pour bloquer la date dans ton agenda.\n\nBonne journée !',
        attachments: [
          {
            filename: 'sortie-musee.ics',
            contentType: 'text/calendar; method=REQUEST',
            kind: 'ics',
            lines: ['Sortie au musée de Grenoble', 'Départ du car devant le collège'],
          },
        ],
      },
      {
        from: 'owner',
        to: ['colleague'],
        daysAgo: 5,
        text: 'Merci ! Je relance les familles demain matin via le carnet de liaison.\n\nÀ plus,',
      },
      {
        from: 'family',
        to: ['owner'],
        daysAgo: 4,
        text: 'Madame, Monsieur,\n\nVeuillez trouver ci-joint l’autorisation signée pour notre fils Hugo. Il aura son repas tiré du sac.\n\nCordialement,\nFamille Martin',
        attachments: [
          {
            filename: 'autorisation-hugo-martin.pdf',
            contentType: 'application/pdf',
            kind: 'pdf',
            lines: ['Autorisation de sortie', 'Élève : Hugo Martin, 4e A', 'Signé : les responsables légaux'],
          },
        ],
      },
    ],
  },
  {
    key: 'convocation-rentree',
    subject: 'Convocation : réunion de pré-rentrée',
    folder: 'archive',
    turns: [
      {
        from: 'head',
        to: ['owner'],
        daysAgo: 27,
        isFlagged: true,
        text: 'Madame, Monsieur,\n\nVous êtes convoqué(e) à la réunion de pré-rentrée, lundi à 9 h, en salle polyvalente. Le programme de la journée est joint.\n\nLe chef d’établissement',
        attachments: [
          {
            filename: 'programme-pre-rentree.pdf',
            contentType: 'application/pdf',
            kind: 'pdf',
            lines: [
              '9 h : accueil et café',
              '9 h 30 : présentation de l’année',
              '11 h : réunions par discipline',
              '14 h : emplois du temps',
            ],
          },
        ],
      },
    ],
  },
  {
    key: 'mouvement',
    subject: 'Mouvement intra-académique : calendrier et ouverture du serveur',
    folder: 'inbox',
    turns: [
      {
        from: 'rectorat',
        to: ['owner'],
        daysAgo: 3,
        isFlagged: true,
        text: 'Madame, Monsieur,\n\nLe serveur de saisie des vœux du mouvement intra-académique ouvrira du 18 mars au 2 avril. Une permanence téléphonique est assurée par la division des personnels enseignants du lundi au vendredi.\n\nLa division des personnels enseignants',
      },
    ],
  },
  {
    key: 'videoprojecteur',
    subject: 'Vidéoprojecteur de la salle 204 en panne',
    folder: 'inbox',
    turns: [
      {
        from: 'owner',
        to: ['technician'],
        daysAgo: 2,
        text: 'Bonjour,\n\nLe vidéoprojecteur de la salle 204 s’éteint au bout de cinq minutes depuis ce matin. Pourriez-vous passer y jeter un œil ?\n\nMerci d’avance,',
      },
      {
        from: 'technician',
        to: ['owner'],
        daysAgo: 1,
        text: 'Bonjour,\n\nLe filtre était encrassé et la lampe en fin de vie : j’ai nettoyé le filtre et commandé une lampe. En attendant, il fonctionne en mode éco.\n\nBonne journée,',
      },
    ],
  },
  {
    key: 'compte-rendu',
    subject: 'Compte rendu du conseil pédagogique',
    folder: 'inbox',
    isDraft: true,
    turns: [
      {
        from: 'owner',
        to: ['colleague'],
        daysAgo: 0,
        text: 'Bonjour,\n\nVoici mes notes du conseil pédagogique de jeudi :\n- projet « école du socle » avec les écoles du secteur ;\n- ',
      },
    ],
  },
];

/** The académie's weekly newsletter: a few issues in every demo inbox, HTML with a plain-text part. */
export function newsletterIssues(): DemoScenario[] {
  const topics = [
    ['Semaine de la presse à l’école', 'Les inscriptions sont ouvertes jusqu’au 31 janvier.'],
    [
      'Plan numérique : nouveaux équipements',
      'Les collèges de l’Isère recevront des tablettes au printemps.',
    ],
    [
      'Formation : enseigner avec l’intelligence artificielle',
      'Trois sessions au plan académique de formation.',
    ],
    ['Concours « Castor informatique »', 'Plus de 9 000 élèves de l’académie ont participé.'],
    ['Prévention du harcèlement : pHARe', 'Retour sur la journée académique du 9 novembre.'],
  ];
  return topics.map(([title, summary], index) => ({
    key: `lettre-${index + 1}`,
    subject: `La lettre de l’académie n° ${142 + index} — ${title}`,
    folder: 'inbox',
    listId: 'lettre.ac-demo.fr',
    turns: [
      {
        from: 'newsletter',
        to: ['owner'],
        daysAgo: 28 - index * 7,
        text: `${title}\n\n${summary}\n\nRetrouvez toute l’actualité de l’académie sur l’intranet.`,
        html: `<h1>${title}</h1><p>${summary}</p><p>Retrouvez toute l’actualité de l’académie sur l’intranet.</p>`,
      },
    ],
  }));
}
