/** A database session scoped to one piece of work, released afterwards, its failures typed. */
import type { SqlSession, SqlTarget } from './sql-session.js';
import { withSqlErrors } from './sql-errors.js';

/** One session for `run`; database failures become typed errors that say what to do `next`. */
export async function withSession<T>(target: SqlTarget, next: string, run: (session: SqlSession) => Promise<T>): Promise<T> {
  return withSqlErrors({ target: target.description, next }, async () => {
    const session = await target.session();
    try {
      return await run(session);
    } finally {
      await session.release().catch(() => undefined);
    }
  });
}
