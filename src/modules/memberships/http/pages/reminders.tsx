import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { pendingRequests } from '../../amendments.ts';
import { REMINDER_MONTHS, remindersFor, type ReminderItem } from '../../reminders.ts';
import { frDate, staffCrumbs } from './view.tsx';

function Items({ items, dateLabel }: { items: ReminderItem[]; dateLabel: string }) {
  if (items.length === 0) return <p>Rien à signaler.</p>;
  return (
    <ul>
      {items.map((i) => (
        <li>
          <a href={`/adhesions/${i.conventionId}`}>
            {i.organisationName} ({i.number})
          </a>{' '}
          — {dateLabel} {frDate(i.date)}
        </li>
      ))}
    </ul>
  );
}

export function mountReminderPages(app: OpenAPIHono<AppEnv>) {
  app.get('/adhesions/rappels', async (c) => {
    const ctx = c.get('ctx');
    const months = Math.min(36, Math.max(1, Number(c.req.query('mois')) || REMINDER_MONTHS));
    const r = await remindersFor(ctx, months);
    const pending = await pendingRequests(ctx);
    return render(
      c,
      { title: 'Rappels des adhésions', breadcrumbs: staffCrumbs({ label: 'Rappels' }) },
      <>
        <h1>Rappels des adhésions</h1>
        <form method="get" action="/adhesions/rappels" aria-label="Horizon des rappels">
          <label for="mois">Sixième année atteinte dans les (mois)</label> <input id="mois" name="mois" type="number" min="1" max="36" value={String(months)} /> <button type="submit">Afficher</button>
        </form>
        <h2>Conventions atteignant leur sixième année ({r.sixthYearEnding.length})</h2>
        <Items items={r.sixthYearEnding} dateLabel="fin le" />
        <h2>Délibérations manquantes ({r.missingDeliberation.length})</h2>
        <Items items={r.missingDeliberation} dateLabel="début prévu le" />
        <h2>Conventions non signées ({r.unsigned.length})</h2>
        <Items items={r.unsigned} dateLabel="début prévu le" />
        <h2>Demandes de changement d’options en attente ({pending.length})</h2>
        {pending.length === 0 ? <p>Aucune demande en attente.</p> : (
          <ul>
            {pending.map((p) => (
              <li>
                <a href={`/adhesions/${p.request.conventionId}`}>{p.organisationName}</a> — pour le {frDate(p.request.wishedOn)}
              </li>
            ))}
          </ul>
        )}
      </>,
    );
  });
}
