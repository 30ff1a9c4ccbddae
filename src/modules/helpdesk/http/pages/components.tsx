import { SLA_LABELS } from '../../workflow.ts';

export function SlaBadge({ state }: { state: keyof typeof SLA_LABELS }) {
  return <span class={`badge sla-${state}`}>{SLA_LABELS[state]}</span>;
}
