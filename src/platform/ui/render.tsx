import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../http/types.ts';
import { Layout, type Crumb } from './layout.tsx';

export interface RenderOptions {
  title: string;
  breadcrumbs?: Crumb[];
  description?: string;
  canonical?: string;
  head?: Child;
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;
}

/** Renders a page in the product's shell for the current actor. */
export function render(c: Context<AppEnv>, opts: RenderOptions, children: Child): Response | Promise<Response> {
  const ui = c.get('ui');
  const html = (
    <Layout
      title={opts.title}
      actor={c.get('actor') ?? null}
      nav={ui.nav}
      siteName={ui.siteName}
      path={c.req.path}
      description={opts.description}
      canonical={opts.canonical}
      breadcrumbs={opts.breadcrumbs}
      flash={c.get('flash') ?? null}
      head={opts.head}
    >
      {children}
    </Layout>
  );
  return c.html(`<!doctype html>${html.toString()}`, opts.status ?? 200);
}
