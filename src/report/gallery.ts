/** `notebooks-out/index.html`: every report in the output root, with a thumbnail and its check status. */
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { indexHtml, type IndexEntry } from './html.js';

export function writeIndex(outRoot: string): string {
  const entries: IndexEntry[] = [];
  for (const id of readdirSync(outRoot).sort()) {
    const dir = path.join(outRoot, id);
    if (id.startsWith('.') || !existsSync(path.join(dir, 'report.html')) || !existsSync(path.join(dir, 'checks.json'))) continue;
    const checks = JSON.parse(readFileSync(path.join(dir, 'checks.json'), 'utf8')) as { checks: { passed: boolean }[] };
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { scenario: { title: string } };
    const figs = existsSync(path.join(dir, 'figures')) ? readdirSync(path.join(dir, 'figures')).filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)) : [];
    const thumbnail = figs.includes('figure-1') ? 'figure-1' : figs.includes('loss') ? 'loss' : figs[0];
    entries.push({ id, title: manifest.scenario.title, passed: checks.checks.filter((c) => c.passed).length, total: checks.checks.length, thumbnail });
  }
  const file = path.join(outRoot, 'index.html');
  const tmp = `${file}.tmp-${String(process.pid)}`;
  writeFileSync(tmp, indexHtml(entries));
  renameSync(tmp, file);
  return file;
}
