import type { ArticleCategory, ArticleRubric } from './vocabulary.ts';

/** Demo texts written for the product's demonstration; dates are days before the demo is loaded. */
export interface DemoArticle {
  title: string;
  summary: string;
  body: string;
  category: ArticleCategory;
  rubric: ArticleRubric;
  tags: string[];
  daysAgo: number;
  sourceUrl?: string;
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    title: 'Budget primitif : le calendrier de vote à retenir',
    summary: 'Les dates limites d’adoption du budget et les étapes de transmission au comptable public, rappelées pour les secrétaires de mairie.',
    body: '## Les grandes étapes\n\n- préparation des propositions avec les élus ;\n- débat d’orientation budgétaire pour les communes qui y sont tenues ;\n- vote par le conseil, qui a délibéré sur chaque chapitre ;\n- transmission au contrôle de légalité.\n\nLe service informatique peut vous aider à préparer les maquettes dans votre logiciel de gestion financière.',
    category: 'Comptabilité',
    rubric: 'Veille règlementaire',
    tags: ['budget', 'calendrier'],
    daysAgo: 12,
  },
  {
    title: 'Flux comptables dématérialisés : vérifier ses bordereaux avant l’envoi',
    summary: 'Quelques contrôles simples évitent les rejets de flux par la trésorerie : signature, pièces justificatives, numérotation.',
    body: 'Avant chaque envoi, contrôlez :\n\n1. que le bordereau est signé électroniquement par une personne habilitée ;\n2. que chaque mandat porte ses pièces justificatives ;\n3. que la numérotation suit celle de l’envoi précédent.\n\nEn cas de rejet, le motif figure dans l’accusé de réception : ouvrez une demande d’assistance en joignant ce fichier.',
    category: 'Comptabilité',
    rubric: 'Veille numérique',
    tags: ['dématérialisation', 'trésorerie'],
    daysAgo: 40,
  },
  {
    title: 'Listes électorales : la commission de contrôle avant le scrutin',
    summary: 'Rôle, composition et calendrier de réunion de la commission de contrôle des listes électorales.',
    body: 'La commission de contrôle se réunit au plus tard le vingt-quatrième jour avant chaque scrutin. Elle examine les inscriptions et radiations décidées par le maire depuis sa dernière réunion.\n\nPensez à éditer depuis votre logiciel le tableau des mouvements : il sert de base à ses travaux.',
    category: 'Élections',
    rubric: 'Réglementation',
    tags: ['listes électorales'],
    daysAgo: 25,
  },
  {
    title: 'Procurations de vote : la démarche en ligne pour les électeurs',
    summary: 'Les électeurs peuvent commencer leur procuration en ligne ; la mairie n’a plus de formulaire papier à transmettre.',
    body: 'La demande est saisie en ligne par l’électeur puis validée devant un officier de police judiciaire. La mairie reçoit l’information directement dans le répertoire électoral : il n’y a plus de volet papier à classer.',
    category: 'Élections',
    rubric: 'Veille numérique',
    tags: ['procuration', 'vote'],
    daysAgo: 70,
  },
  {
    title: 'Actes de naissance : les échanges dématérialisés avec les notaires',
    summary: 'Les demandes d’actes arrivent de plus en plus par voie électronique ; voici comment la mairie y répond sans papier.',
    body: 'Les communes raccordées au dispositif d’échange reçoivent les demandes de vérification des notaires et des services des titres sécurisés. La réponse est transmise depuis le logiciel d’état civil.\n\nLe syndicat accompagne les communes dans le raccordement : paramétrage, certificats et formation des agents.',
    category: 'État civil',
    rubric: 'Veille règlementaire',
    tags: ['état civil', 'notaires'],
    daysAgo: 55,
  },
  {
    title: 'Recensement citoyen : prévenir les jeunes de leurs 16 ans',
    summary: 'Un rappel des obligations de recensement et des informations à donner aux familles.',
    body: 'Chaque jeune doit se faire recenser dans les trois mois qui suivent son seizième anniversaire. La démarche peut être faite en ligne ou en mairie ; l’attestation est demandée pour les examens et le permis de conduire.',
    category: 'État civil',
    rubric: 'Réglementation',
    tags: ['recensement'],
    daysAgo: 95,
  },
  {
    title: 'Données essentielles des marchés : ce qu’il faut publier',
    summary: 'Les acheteurs publient les données essentielles de leurs marchés au-delà du seuil : le format et le calendrier.',
    body: 'Les données essentielles décrivent chaque marché : objet, procédure, titulaire, montant, durée. Elles sont publiées dans un format ouvert et réutilisable.\n\nLes seuils évoluent par décret : vérifiez celui en vigueur à la date de notification du marché.',
    category: 'Marchés publics',
    rubric: 'Veille règlementaire',
    tags: ['données essentielles', 'open data'],
    daysAgo: 18,
  },
  {
    title: 'Profil d’acheteur : choisir et paramétrer sa plateforme',
    summary: 'Fonctionnalités attendues d’un profil d’acheteur et conseils pour bien le paramétrer.',
    body: 'Un profil d’acheteur permet de publier les avis, mettre les documents de consultation à disposition et recevoir les offres de façon sécurisée. Vérifiez l’horodatage des dépôts et la conservation des plis.',
    category: 'Marchés publics',
    rubric: 'Veille technologique',
    tags: ['profil acheteur'],
    daysAgo: 120,
  },
  {
    title: 'Facturation électronique : nommer le gestionnaire principal',
    summary: 'Pour chaque budget, un gestionnaire principal ouvre les droits des agents sur le portail de facturation.',
    body: 'Le gestionnaire principal complète les informations de chaque structure (budget principal, budgets annexes) et attribue aux agents les droits sur les budgets qu’ils traitent. Dans une petite commune, c’est souvent la secrétaire de mairie.\n\nLes réglages (engagement obligatoire, code service) restent modifiables.',
    category: 'Numérique et collectivités',
    rubric: 'Veille numérique',
    tags: ['facturation', 'portail'],
    daysAgo: 8,
  },
  {
    title: 'Transmission des délibérations à la préfecture : bonnes pratiques',
    summary: 'Nommer les fichiers, choisir la bonne nature d’acte et conserver l’accusé de réception.',
    body: 'Chaque délibération transmise électroniquement reçoit un accusé de réception qui la rend exécutoire, avec sa publication. Choisissez la nature et la matière de l’acte avec soin : elles orientent le contrôle de légalité.',
    category: 'Numérique et collectivités',
    rubric: 'Veille règlementaire',
    tags: ['délibérations', 'contrôle de légalité'],
    daysAgo: 33,
  },
  {
    title: 'Sauvegardes : la règle du 3-2-1 pour les mairies',
    summary: 'Trois copies, deux supports, une copie hors des locaux : une règle simple qui sauve les données après un incident.',
    body: 'Un vol, un dégât des eaux ou un rançongiciel peuvent faire disparaître des années de documents. Gardez trois copies de vos données, sur deux supports différents, dont une hors de la mairie et déconnectée.\n\nTestez une restauration au moins une fois par an : une sauvegarde jamais relue n’est pas une sauvegarde.',
    category: 'Sécurité informatique',
    rubric: 'Cybersécurité',
    tags: ['sauvegarde', 'rançongiciel'],
    daysAgo: 5,
  },
  {
    title: 'Hameçonnage : reconnaître un faux message de la trésorerie',
    summary: 'Des messages imitent les services publics pour voler des identifiants ; les indices qui doivent alerter.',
    body: 'Méfiez-vous d’un message pressant, d’une adresse d’expéditeur inhabituelle ou d’un lien qui ne mène pas au site officiel. En cas de doute, ne cliquez pas : transférez le message au service informatique du syndicat.',
    category: 'Sécurité informatique',
    rubric: 'Cybersécurité',
    tags: ['hameçonnage'],
    daysAgo: 60,
  },
  {
    title: 'Mots de passe : passer à un gestionnaire partagé',
    summary: 'Un coffre-fort de mots de passe évite les post-it et les mots de passe réutilisés ; il sera proposé aux membres.',
    body: 'Le syndicat proposera aux collectivités un gestionnaire de mots de passe hébergé, avec des coffres partagés par service. Une présentation sera faite lors de la prochaine réunion des secrétaires de mairie.',
    category: 'Sécurité informatique',
    rubric: 'Veille technologique',
    tags: ['mots de passe'],
    // Scheduled: appears a week after the demo is loaded.
    daysAgo: -7,
  },
];

/** Text of each service page (the seven services of the home page). */
export const DEMO_SERVICE_PAGES: Record<string, string> = {
  'distribution-electricite-gaz':
    'Le syndicat est l’autorité organisatrice de la distribution publique d’électricité et de gaz pour ses communes.\n\n## Ses missions\n\n- contrôler les concessionnaires et la qualité de la fourniture ;\n- suivre les investissements sur les réseaux ;\n- défendre les usagers et les communes auprès des opérateurs.',
  'transition-energetique':
    'Le syndicat aide les collectivités à consommer moins et mieux.\n\n- conseil en énergie partagé et audits des bâtiments ;\n- valorisation des certificats d’économies d’énergie ;\n- groupements d’achat d’électricité et de gaz.',
  'eclairage-public':
    'Le patrimoine d’éclairage public des communes est recensé et géolocalisé dans un système d’information géographique.\n\n- signalement et suivi des pannes ;\n- maintenance préventive ;\n- rénovation en LED pour réduire les consommations.',
  'service-informatique':
    'Le service informatique mutualisé assure l’assistance et la maintenance des logiciels métiers des collectivités adhérentes : par téléphone, en télémaintenance, en atelier ou sur place.\n\nL’adhésion se fait par convention, avec des options à la carte.',
  'enfouissement-reseaux':
    'Le syndicat coordonne l’enfouissement des réseaux électriques, de télécommunication et d’éclairage public, pour la sécurité des réseaux et la qualité des paysages.',
  'dpo-mutualise':
    'Dans le cadre de l’adhésion au service informatique, le syndicat met à disposition un délégué à la protection des données : registre des traitements, conseils, gestion des violations et des demandes des personnes.',
  'mobilite-electrique':
    'Le syndicat déploie et exploite un réseau public de bornes de recharge pour véhicules électriques, avec le paiement à l’acte et l’affichage des prix avant la charge.',
};

export const DEMO_CONTACT = `## Nous écrire ou nous appeler

Le secrétariat répond du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h.

- Adresse : 1 place de la Mairie, 90000 Belfort (adresse de démonstration)
- Téléphone : 03 84 00 00 00 (numéro de démonstration)
- Courriel : contact@syndicat-demo.fr

## Assistance informatique

Les collectivités adhérentes ouvrent leurs demandes depuis leur espace : [se connecter](/connexion).`;
