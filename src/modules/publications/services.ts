/** The syndicate's services: each has a public page (editable, see site pages of kind `service`). */
export const SERVICES = [
  { slug: 'distribution-electricite-gaz', title: 'Distribution d’électricité et de gaz', summary: 'Autorité organisatrice : contrôle des concessions, qualité de la fourniture.' },
  { slug: 'transition-energetique', title: 'Transition énergétique', summary: 'Certificats d’économies d’énergie, conseil, audits et achats groupés.' },
  { slug: 'eclairage-public', title: 'Éclairage public et SIG', summary: 'Patrimoine géolocalisé, pannes, maintenance et économies d’énergie.' },
  { slug: 'service-informatique', title: 'Service informatique mutualisé', summary: 'Assistance et maintenance des logiciels métiers des collectivités.' },
  { slug: 'enfouissement-reseaux', title: 'Enfouissement des réseaux', summary: 'Dissimulation des réseaux électriques, télécoms et d’éclairage.' },
  { slug: 'dpo-mutualise', title: 'Délégué à la protection des données', summary: 'Un DPO partagé pour la conformité RGPD des membres.' },
  { slug: 'mobilite-electrique', title: 'Mobilité électrique', summary: 'Bornes de recharge publiques déployées et exploitées par le syndicat.' },
] as const;
