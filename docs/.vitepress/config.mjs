// The documentation site: VitePress over docs/, with local search, math, and the TypeDoc pages in docs/api/
// (written by `npm run docs` before the build). A dead internal link fails the build (VitePress's default).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vitepress';

const apiSidebarFile = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url));
/** @type {import('vitepress').DefaultTheme.SidebarItem[]} */
const apiSidebar = existsSync(apiSidebarFile) ? JSON.parse(readFileSync(apiSidebarFile, 'utf8')) : [];

/** @type {import('vitepress').DefaultTheme.SidebarItem[]} */
const theory = [
  { text: 'Overview', link: '/theory' },
  { text: '§1 Networks and energies', link: '/theory/1-networks' },
  { text: '§2 The upstairs flow', link: '/theory/2-upstairs-flow' },
  { text: '§3 The downstairs flow', link: '/theory/3-downstairs-flow' },
  { text: '§4 Singular values and modes', link: '/theory/4-modes' },
  { text: '§5 2×2 and 3×3 completion', link: '/theory/5-completion-problems' },
  { text: '§6 Volume, entropy, free energy', link: '/theory/6-volume-entropy-free-energy' },
  { text: '§7 Regression from data', link: '/theory/7-regression-from-data' },
  { text: '§8 Further results', link: '/theory/8-further-results' },
  { text: '§9 The ODE solvers', link: '/theory/9-solvers' },
  { text: '§10 Ensemble statistics', link: '/theory/10-ensemble-statistics' },
  { text: '§11 Index: formula → code → test', link: '/theory/11-index' },
  { text: 'References', link: '/theory/references' },
];

export default defineConfig({
  title: 'gradflow',
  description: 'Continuous gradient flow for deep linear networks, checked against closed forms.',
  // the built site and Vite's cache stay out of docs/ (ESLint lints docs/), both gitignored
  outDir: '../site',
  cacheDir: '../node_modules/.cache/vitepress',
  srcExclude: ['**/README.md'],
  cleanUrls: true,
  lastUpdated: false,
  markdown: { math: true },
  themeConfig: {
    search: { provider: 'local' },
    outline: [2, 3],
    nav: [
      { text: 'Guide', link: '/guide' },
      { text: 'Reference', link: '/scenarios' },
      { text: 'Theory', link: '/theory' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide' },
          { text: 'Curated scenarios', link: '/examples' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Scenarios', link: '/scenarios' },
          { text: 'Checks, events, invariants', link: '/checks' },
          { text: 'Outputs and notebooks', link: '/outputs' },
          { text: 'Free-energy landscapes', link: '/landscapes' },
          { text: 'Command line', link: '/cli' },
          { text: 'Library', link: '/library' },
          { text: 'Architecture', link: '/architecture' },
        ],
      },
      {
        text: 'Trust and scale',
        items: [
          { text: 'Accuracy and its limits', link: '/accuracy' },
          { text: 'Linear-algebra backends', link: '/backends' },
          { text: 'Clusters', link: '/clusters' },
          { text: 'Benchmarks', link: '/benchmarks' },
        ],
      },
      { text: 'Theory', collapsed: true, items: theory },
      { text: 'API', collapsed: true, link: '/api/', items: apiSidebar },
    ],
  },
});
