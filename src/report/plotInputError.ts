/**
 * Bad input to `plot`: the file, a column, the output name (exit 2). Its own module, so that the
 * command line's error boundary knows it without loading the plotting code.
 */
export class PlotInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlotInputError';
  }
}
