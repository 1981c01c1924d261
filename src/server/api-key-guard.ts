/** Keys from the API_KEYS environment variable (comma-separated); empty means evaluate is open. The guard itself: src/auth/access.ts. */
export function apiKeysFromEnv(value = process.env.API_KEYS): string[] {
  return (value ?? '').split(',').map((k) => k.trim()).filter(Boolean);
}
