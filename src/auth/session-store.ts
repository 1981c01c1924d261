/**
 * The port auth keeps its sessions in; the procedure's store (src/amend/store)
 * implements it, on SQLite or PostgreSQL.
 */
export interface SessionRecord {
  username: string;
  csrfToken: string;
  createdAt: string;
}

export interface SessionStore {
  sessions: {
    /** Also removes sessions expired at `at`. */
    create(tokenHash: string, username: string, csrf: string, at: string, expires: string): Promise<void>;
    /** A session that has not expired at `now`. */
    get(tokenHash: string, now: string): Promise<SessionRecord | undefined>;
    remove(tokenHash: string): Promise<void>;
    /** Ends every session of a user (password reset); returns how many. */
    removeUser(username: string): Promise<number>;
  };
}
