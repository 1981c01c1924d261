/**
 * The decision log's clock: the project's one clock. (Kept in this one file so
 * that moving the clock, e.g. to src/base/clock.ts, changes one import.)
 */
export { dutchDate, fixedClock, systemClock, type Clock } from '../amend/clock.js';
