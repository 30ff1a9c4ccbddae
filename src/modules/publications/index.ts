import type { Module } from '../../platform/module.ts';
import { mountPublicPages } from './pages.tsx';

export const publicationsModule: Module = {
  name: 'publications',
  nav: [{ href: '/', label: 'Accueil' }],
  mount(app) {
    mountPublicPages(app);
  },
};
