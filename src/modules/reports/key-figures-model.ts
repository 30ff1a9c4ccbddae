/** The figures frozen by a publication of the key figures (stored as JSON: keep it additive). */
export interface KeyFigures {
  year: number;
  interventions: number;
  channels: { channel: string; label: string; count: number }[];
  membersServed: number;
  hoursOfWork: number;
  ticketsResolved: number;
  satisfactionAverage: number | null;
  satisfactionCount: number;
  medianResolutionHours: number | null;
}
