/**
 * The decision log's clock: the project's one clock. (Kept in this one file so
 * that moving the clock, e.g. to src/base/clock.ts, changes one import.)
 */
export { amsterdamDate as dutchDate, fixedClock, systemClock, type Clock } from '../base/clock.js';
