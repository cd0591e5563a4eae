/**
 * The sentence a report shows when a scenario ran its reduced `quick:` profile (`--quick`, what
 * `npm start` runs), so that nobody reads a reduced run as the full study.
 */
export function quickProfileText(quick: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (quick === undefined || Object.keys(quick).length === 0) return undefined;
  const changes = Object.entries(quick).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `Reduced profile (--quick, as npm start runs it): ${changes.join('; ')}. The full scenario (gradflow check on the file) runs without these changes.`;
}
