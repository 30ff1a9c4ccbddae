import type { Module } from '../platform/module.ts';
import { adminModule } from './admin/index.ts';
import { helpdeskModule } from './helpdesk/index.ts';
import { identityModule } from './identity/index.ts';
import { membersModule } from './members/index.ts';
import { membershipsModule } from './memberships/index.ts';
import { publicationsModule } from './publications/index.ts';
import { reportsModule } from './reports/index.ts';

/** Every module mounted into the app, in navigation order. */
export const modules: Module[] = [publicationsModule, membersModule, identityModule, reportsModule, membershipsModule, adminModule, helpdeskModule];
