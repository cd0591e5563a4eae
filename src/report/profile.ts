/**
 * The sentence a report shows when a scenario ran its reduced `quick:` profile (`--quick`, what
 * `npm start` runs), so that nobody reads a reduced run as the full study.
 */
export function quickProfileText(quick: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (quick === undefined || Object.keys(quick).length === 0) return undefined;
  const entries = Object.entries(quick);
  const isForm = (v: unknown): v is { full: string; quick: string } => typeof v === 'object' && v !== null && 'full' in v && 'quick' in v;
  const changes = entries.filter(([k, v]) => !(k.startsWith('checks.') && isForm(v))).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  const forms = entries.flatMap(([k, v]) => (k.startsWith('checks.') && isForm(v) ? [`“${v.full}” ran as its quick form`] : []));
  const parts = [
    ...(changes.length > 0
      ? [`Reduced profile (--quick, as npm start runs it): ${changes.join('; ')}.`]
      : ['Reduced profile (--quick, as npm start runs it).']),
    ...(forms.length > 0 ? [`Checked on the reduced run in their quick form (the claim each one states): ${forms.join('; ')}.`] : []),
  ];
  return `${parts.join(' ')} The full scenario (gradflow check on the file) runs without these changes.`;
}
