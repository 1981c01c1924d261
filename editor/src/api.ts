/** The HTTP API, with the session's CSRF token on every state-changing call. */
export interface User {
  username: string;
  name?: string;
  roles: string[];
}

let csrf = '';

export const UNREACHABLE = 'De server is niet bereikbaar. Uw werk staat veilig in deze browser; controleer de verbinding en probeer het opnieuw.';
export let currentUser: User | null = null;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: { pointer: string; message: string }[] = []) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  let data: unknown;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  } catch {
    // fetch rejects only when no answer came (server down, network gone, connection cut).
    throw new ApiError(0, 'server_unreachable', UNREACHABLE);
  }
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: { pointer: string; message: string }[] } } | string | null);
    const err = typeof e === 'object' ? e?.error : undefined;
    if (!err && res.status >= 502 && res.status <= 504) throw new ApiError(res.status, 'server_unreachable', UNREACHABLE);
    throw new ApiError(res.status, err?.code ?? 'error', err?.message ?? `De server antwoordde met status ${res.status}.`, err?.details ?? []);
  }
  return data as T;
}

/** The session of this browser, or null when logged out; throws ApiError(0) when the server is unreachable. */
export async function restoreSession(): Promise<User | null> {
  try {
    const s = await api<{ user: User; csrfToken: string }>('GET', '/api/v1/auth/me');
    csrf = s.csrfToken;
    currentUser = s.user;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'server_unreachable') throw e;
    currentUser = null;
  }
  return currentUser;
}

export async function login(username: string, password: string): Promise<User> {
  const s = await api<{ user: User; csrfToken: string }>('POST', '/api/v1/auth/login', { username, password });
  csrf = s.csrfToken;
  currentUser = s.user;
  return s.user;
}

export async function logout() {
  await api('POST', '/api/v1/auth/logout').catch(() => undefined);
  csrf = '';
  currentUser = null;
}

export const hasRole = (role: string) => !!currentUser?.roles.includes(role);
