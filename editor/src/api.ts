/** The HTTP API, with the session's CSRF token on every state-changing call. */
export interface User {
  username: string;
  name?: string;
  roles: string[];
}

let csrf = '';
export let currentUser: User | null = null;

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: { pointer: string; message: string }[] = []) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = (data as { error?: { code: string; message: string; details?: { pointer: string; message: string }[] } }).error;
    throw new ApiError(res.status, e?.code ?? 'error', e?.message ?? String(res.status), e?.details ?? []);
  }
  return data as T;
}

export async function restoreSession(): Promise<User | null> {
  try {
    const s = await api<{ user: User; csrfToken: string }>('GET', '/api/v1/auth/me');
    csrf = s.csrfToken;
    currentUser = s.user;
  } catch {
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
