/**
 * The event store a location names: a postgres:// URL (DATABASE_URL) or a SQLite file (EVENT_STORE).
 * Each implementation, and its database library, is loaded only when it is the one used.
 */
import type { Logger } from '../logger.ts'
import type { EventStore } from './store.ts'

/** where the embedded store is kept when neither DATABASE_URL nor EVENT_STORE says otherwise */
export const DEFAULT_EVENT_STORE = 'feedback/events.sqlite'

export const isPostgresUrl = (location: string) => /^postgres(?:ql)?:\/\//i.test(location)

export interface EventStoreOptions {
  /** a SQLite file must be there already (commands that only read); a database is never made */
  mustExist?: boolean
  logger?: Logger
}

/** The store at `location`, not yet opened: its `open()`, or any first use, connects and migrates. */
export async function createEventStore(
  location: string,
  options: EventStoreOptions = {},
): Promise<EventStore> {
  if (isPostgresUrl(location)) {
    const { createPostgresStore } = await import('./postgres.ts')
    return createPostgresStore(location, options.logger ? { logger: options.logger } : {})
  }
  const { createEmbeddedStore } = await import('./embedded.ts')
  return createEmbeddedStore(location, options.mustExist ? { mustExist: true } : {})
}
