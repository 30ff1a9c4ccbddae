import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { mountContributionPages } from './contributions.tsx';
import { mountConventionPages } from './convention.tsx';
import { mountConventionListPages } from './conventions.tsx';
import { mountPortalPages } from './portal.tsx';
import { mountReminderPages } from './reminders.tsx';
import { mountSyntecPages } from './syntec.tsx';
import { mountTariffPages } from './tariffs.tsx';

export function mountMembershipsPages(app: OpenAPIHono<AppEnv>) {
  mountReminderPages(app); // before /adhesions/:id
  mountConventionListPages(app);
  mountConventionPages(app);
  mountTariffPages(app);
  mountSyntecPages(app);
  mountContributionPages(app);
  mountPortalPages(app);
}
