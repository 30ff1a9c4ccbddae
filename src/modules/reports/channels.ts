import { CHANNELS, type Channel } from '../helpdesk/index.ts';

/** The five channels of the IT service (the helpdesk's), in the order the yearly report lists them. */
export { CHANNELS, type Channel };

/** Labels as the yearly report words them (the helpdesk's labels are for entering a single intervention). */
export const CHANNEL_REPORT_LABELS: Record<Channel, string> = {
  phone: 'Téléphone',
  remote: 'Télémaintenance',
  email: 'Courriel',
  onsite: 'Sur site',
  workshop: 'Atelier',
};

export function isChannel(v: string): v is Channel {
  return (CHANNELS as readonly string[]).includes(v);
}
