/** The build's step that writes the figure fonts' subsets to dist/fonts/ (`fontFiles.ts`): `node dist/report/buildFontSubsets.js`. */
import { writeFontSubsets } from './fontFiles.js';

await writeFontSubsets();
