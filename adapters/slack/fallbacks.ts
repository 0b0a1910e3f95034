/**
 * Listeners for what this version of the bot does not offer but Slack may still send: buttons of an older
 * version left in old messages, shortcuts, select menus and forms from an older manifest. Each is
 * acknowledged at once, and told so where the user can see a reply, instead of Bolt's 404 after 3 s.
 */
import type { App } from '@slack/bolt'
import type { Guard } from '../../src/logger.ts'
import { ACTION, renderNotice } from './render.ts'

const OLDER_BUTTON = 'This button is from an older version of the bot; ask again with /ask and your question.'
const OLDER_SHORTCUT = 'This shortcut is from an older version of the bot; ask with /ask and your question.'

/** Add the listeners to `app`; failures go through `guarded`, which logs them. */
export function answerWhatIsNotOffered(app: App, guarded: Guard): void {
  const nothingToSay = async () => {}

  const notOurs = new RegExp(`^(?!(${Object.values(ACTION).join('|')})$)`)
  app.action({ type: 'block_actions', action_id: notOurs }, async ({ ack, respond }) => {
    await guarded(
      'answering a button of an older version',
      async () => {
        await ack()
        await respond({ ...renderNotice(OLDER_BUTTON), replace_original: false })
      },
      nothingToSay,
    )
  })

  app.shortcut(/.*/, async ({ shortcut, ack, respond }) => {
    await guarded(
      'answering a shortcut',
      async () => {
        await ack()
        // a message shortcut can be answered where it was used; a global one has nowhere to say anything
        if (shortcut.type === 'message_action') {
          await respond({ ...renderNotice(OLDER_SHORTCUT), replace_original: false })
        }
      },
      nothingToSay,
    )
  })

  app.options(/.*/, async ({ ack }) => {
    await ack({ options: [] })
  })

  // the bot opens no forms: acknowledging a submission closes it, with nothing to take from it
  app.view({ type: 'view_submission' }, async ({ ack }) => {
    await ack()
  })
  app.view({ type: 'view_closed' }, async ({ ack }) => {
    await ack()
  })
}
