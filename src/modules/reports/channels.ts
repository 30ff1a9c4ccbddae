/** The five channels of the IT service, in the order the yearly report lists them. */
export const CHANNELS = ['phone', 'remote', 'email', 'onsite', 'workshop'] as const;
export type Channel = (typeof CHANNELS)[number];

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
