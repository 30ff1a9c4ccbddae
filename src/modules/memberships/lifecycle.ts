/**
 * The convention's life, as one table: for each state, the events it accepts and the state they lead to.
 * Everything else is refused with a French message naming the state and the action.
 */
export const CONVENTION_STATES = ['draft', 'awaiting_deliberation', 'active', 'expired', 'terminated', 'abandoned'] as const;
export type ConventionState = (typeof CONVENTION_STATES)[number];
export const STATE_LABELS: Record<ConventionState, string> = {
  draft: 'Brouillon',
  awaiting_deliberation: 'En attente de délibération',
  active: 'Signée et en vigueur',
  expired: 'Échue (sixième année atteinte)',
  terminated: 'Résiliée',
  abandoned: 'Abandonnée',
};

export const CONVENTION_EVENTS = ['submit', 'sign', 'renew_tacitly', 'expire', 'renew_expressly', 'terminate', 'abandon'] as const;
export type ConventionEvent = (typeof CONVENTION_EVENTS)[number];
export const EVENT_LABELS: Record<ConventionEvent, string> = {
  submit: 'soumettre à délibération',
  sign: 'enregistrer la signature',
  renew_tacitly: 'reconduire tacitement',
  expire: 'constater l’échéance',
  renew_expressly: 'renouveler expressément',
  terminate: 'résilier',
  abandon: 'abandonner',
};

/** state → event → next state. Express renewal leaves the old convention as it is and creates the next one. */
export const TRANSITIONS: Record<ConventionState, Partial<Record<ConventionEvent, ConventionState>>> = {
  draft: { submit: 'awaiting_deliberation', abandon: 'abandoned' },
  awaiting_deliberation: { sign: 'active', abandon: 'abandoned' },
  active: { renew_tacitly: 'active', expire: 'expired', renew_expressly: 'active', terminate: 'terminated' },
  expired: { renew_expressly: 'expired' },
  terminated: {},
  abandoned: {},
};

export class TransitionRefused extends Error {}

export function nextState(state: ConventionState, event: ConventionEvent): ConventionState {
  const next = TRANSITIONS[state][event];
  if (!next) {
    throw new TransitionRefused(`Action « ${EVENT_LABELS[event]} » impossible : la convention est à l’état « ${STATE_LABELS[state]} ».`);
  }
  return next;
}

export function allowedEvents(state: ConventionState): ConventionEvent[] {
  return CONVENTION_EVENTS.filter((e) => TRANSITIONS[state][e] !== undefined);
}

/** Membership generations: six years from 1 July. */
export function generationOf(date: string): { startsOn: string; endsOn: string } {
  const y = Number(date.slice(0, 4));
  const first = 2018 + 6 * Math.floor((y - (date.slice(5) < '07-01' ? 1 : 0) - 2018) / 6);
  return { startsOn: `${first}-07-01`, endsOn: `${first + 6}-06-30` };
}

/** The yearly term containing `date` within a convention starting on `startsOn` (one year, renewed tacitly). */
export function termEnd(startsOn: string, termIndex: number): string {
  const d = new Date(`${startsOn}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + termIndex + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
