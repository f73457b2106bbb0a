// What both database paths share about prepared statements.

/** Distinct statements a session keeps prepared; further ones run unprepared (bounded memory on both sides). */
export const PREPARED_PER_SESSION = 1000;

/**
 * Put this comment in a query whose best plan depends on its parameter values (e.g. a text search, where a common
 * term and a rare one want different plans): it then runs unprepared and is planned for its actual values.
 */
export const PLAN_PER_EXECUTION = '/* plan per execution */';
