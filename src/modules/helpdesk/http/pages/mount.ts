import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { mountCallPages } from './call.tsx';
import { mountInventoryPages } from './inventory.tsx';
import { mountPortalPages } from './portal.tsx';
import { mountQueuePages } from './queue.tsx';
import { mountSettingsPages } from './settings.tsx';
import { mountTicketPages } from './ticket.tsx';
import { mountWorkshopPages } from './workshop.tsx';

/** Staff pages under /assistance, the member portal under /mes-demandes. */
export function mountHelpdeskPages(app: OpenAPIHono<AppEnv>) {
  mountQueuePages(app);
  mountCallPages(app);
  mountWorkshopPages(app);
  mountInventoryPages(app);
  mountSettingsPages(app);
  mountTicketPages(app, '/assistance/tickets');
  mountPortalPages(app);
  mountTicketPages(app, '/mes-demandes');
}
