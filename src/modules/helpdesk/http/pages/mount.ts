import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/types.ts';
import { mountCallPages } from './pages-call.tsx';
import { mountInventoryPages } from './pages-inventory.tsx';
import { mountPortalPages } from './pages-portal.tsx';
import { mountQueuePages } from './pages-queue.tsx';
import { mountSettingsPages } from './pages-settings.tsx';
import { mountTicketPages } from './pages-ticket.tsx';
import { mountWorkshopPages } from './pages-workshop.tsx';

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
