/** The procedure's clock is the project's one clock (src/base/clock.ts); deadlines are Dutch calendar days. */
export { amsterdamDate as dutchDate, fixedClock, systemClock, type Clock } from '../base/clock.js';
