/**
 * The decision log's settings from the environment: DECISION_LOG (on unless
 * `off`), DECISION_LOG_RETENTION_DAYS (default 90), DECISION_LOG_BUFFER
 * (entries waiting in memory, default 20000). A bad value is named in a warning
 * and the default is used.
 */
export interface DecisionLogConfig {
  enabled: boolean;
  retentionDays: number;
  maxBuffer: number;
}

export const DEFAULT_RETENTION_DAYS = 90;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, warn: (msg: string) => void): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1) return n;
  warn(`${name}=${raw.slice(0, 40)} is geen positief geheel getal; ${fallback} wordt gebruikt`);
  return fallback;
}

export function decisionLogConfig(env: NodeJS.ProcessEnv = process.env, warn: (msg: string) => void = () => undefined): DecisionLogConfig {
  const flag = (env.DECISION_LOG ?? 'on').trim().toLowerCase();
  if (!['on', 'off', ''].includes(flag)) warn(`DECISION_LOG=${flag.slice(0, 20)}: verwacht on of off; het beslissingslog staat aan`);
  return {
    enabled: flag !== 'off',
    retentionDays: positiveInt(env, 'DECISION_LOG_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, warn),
    maxBuffer: positiveInt(env, 'DECISION_LOG_BUFFER', 20_000, warn),
  };
}
