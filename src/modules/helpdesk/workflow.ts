import type { tickets } from './schema.ts';

export type TicketStatus = (typeof tickets.$inferSelect)['status'];
export type Priority = (typeof tickets.$inferSelect)['priority'];

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'Nouvelle',
  assigned: 'Affectée',
  in_progress: 'En cours',
  waiting_member: 'En attente de la collectivité',
  waiting_vendor: 'En attente de l’éditeur',
  resolved: 'Résolue',
  closed: 'Clôturée',
};

export const PRIORITY_LABELS: Record<Priority, string> = { low: 'Basse', normal: 'Normale', high: 'Haute', urgent: 'Urgente' };

/** Which status may follow which. Closed is final; a resolved ticket can be reopened. */
export const TRANSITIONS: Record<TicketStatus, TicketStatus[]> = {
  new: ['assigned', 'in_progress', 'waiting_member', 'waiting_vendor', 'resolved', 'closed'],
  assigned: ['new', 'in_progress', 'waiting_member', 'waiting_vendor', 'resolved'],
  in_progress: ['assigned', 'waiting_member', 'waiting_vendor', 'resolved'],
  waiting_member: ['in_progress', 'resolved', 'closed'],
  waiting_vendor: ['in_progress', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export const OPEN_STATUSES: TicketStatus[] = ['new', 'assigned', 'in_progress', 'waiting_member', 'waiting_vendor'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export const CHANNEL_LABELS = {
  phone: 'Téléphone',
  remote: 'Télémaintenance',
  email: 'E-mail',
  onsite: 'Déplacement',
  workshop: 'Atelier',
} as const;
export type Channel = keyof typeof CHANNEL_LABELS;
export const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];

export const SLA_LABELS = { ok: 'Dans les délais', near: 'Échéance proche', breached: 'Délai dépassé' } as const;
