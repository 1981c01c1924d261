/** The browser tests build editor/dist when it is missing or stale, so a clean clone's `npm test` works. */
export { ensureEditorBuilt } from '../../editor/build-if-changed.js';
