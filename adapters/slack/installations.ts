/**
 * Slack's installations of the app, one per workspace (or per Enterprise Grid organization for an
 * org-wide install), kept in the event store, so every replica answers every workspace it was installed in.
 * Bolt's InstallProvider calls this on each install and on each request it authorizes.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt'
import type { EventStore } from '../../src/store/store.ts'

const PLATFORM = 'slack'

/** An org-wide install answers every workspace of its organization; any other, its own workspace. */
function keyOf(query: {
  teamId?: string | undefined
  enterpriseId?: string | undefined
  isEnterpriseInstall?: boolean
}) {
  if (query.isEnterpriseInstall) {
    if (!query.enterpriseId) throw new Error('an organization-wide installation without an enterprise id')
    return `enterprise:${query.enterpriseId}`
  }
  if (!query.teamId) throw new Error('an installation without a workspace id')
  return `team:${query.teamId}`
}

export function createStoreInstallationStore(installations: EventStore['installations']): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const key = keyOf({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
      })
      await installations.save(PLATFORM, key, JSON.stringify(installation))
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const data = await installations.fetch(PLATFORM, keyOf(query))
      // Bolt expects a throw for a workspace it was never installed in, and answers it with nothing
      if (data === undefined) {
        throw new Error(
          `the app is not installed in ${query.isEnterpriseInstall ? 'organization' : 'workspace'} ${query.isEnterpriseInstall ? query.enterpriseId : query.teamId}`,
        )
      }
      return JSON.parse(data) as Installation
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await installations.delete(PLATFORM, keyOf(query))
    },
  }
}
