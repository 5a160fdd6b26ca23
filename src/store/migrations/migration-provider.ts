// Migrations listed in code rather than found by globbing a folder, so they run the same from
// TypeScript sources (tsx, vitest) and from the compiled dist/.
import type { Migration, MigrationProvider } from 'kysely';
import type { StoreDialect } from '../store-config.js';
import { initialSchema } from './0001-initial-schema.js';
import { conversationRevision } from './0002-conversation-revision.js';
import { assistantAccess } from './0003-assistant-access.js';
import { outboundMessages } from './0004-outbound-messages.js';
import { consoleUsers } from './0005-console-users.js';
import { skillPreset } from './0006-skill-preset.js';
import { trainings } from './0007-trainings.js';
import { accessRevision } from './0008-access-revision.js';
import { dialogueFlows } from './0011-dialogue-flows.js';
import { channelRecords } from './0020-channel-records.js';
import { phraseEmbeddings } from './0015-phrase-embeddings.js';
import { analytics } from './0025-analytics.js';
import { outboxClaims } from './0055-outbox-claims.js';
import { skillAction } from './0060-skill-action.js';
import { humanHandoff } from './0035-human-handoff.js';
import { thirdPartyApis } from './0045-third-party-apis.js';
import { contentImports } from './0050-content-imports.js';
import { analyticsTextSearch } from './0070-analytics-text-search.js';
import { contentVersions } from './0075-content-versions.js';
import { inboundPending } from './0080-inbound-pending.js';
import { eventsPosted } from './0085-events-posted.js';
import { analyticsSpokenSkills } from './0090-analytics-spoken-skills.js';
import { reminders } from './0095-reminders.js';
import { userPasswordGenerated } from './0100-user-password-generated.js';
import { trainingEmbeddingsReason } from './0105-training-embeddings-reason.js';
import { deliveryReasonCodes } from './0110-delivery-reason-codes.js';

export class InCodeMigrationProvider implements MigrationProvider {
  readonly #dialect: StoreDialect;

  constructor(dialect: StoreDialect) {
    this.#dialect = dialect;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    // Kysely applies them in the order of these names: add new ones with a higher number.
    return {
      '0001-initial-schema': initialSchema(this.#dialect),
      '0002-conversation-revision': conversationRevision,
      '0003-assistant-access': assistantAccess,
      '0004-outbound-messages': outboundMessages(this.#dialect),
      '0005-console-users': consoleUsers(this.#dialect),
      '0006-skill-preset': skillPreset,
      '0007-trainings': trainings(this.#dialect),
      '0008-access-revision': accessRevision(this.#dialect),
      '0011-dialogue-flows': dialogueFlows,
      '0015-phrase-embeddings': phraseEmbeddings,
      '0020-channel-records': channelRecords(this.#dialect),
      '0025-analytics': analytics(this.#dialect),
      '0055-outbox-claims': outboxClaims,
      '0060-skill-action': skillAction,
      '0035-human-handoff': humanHandoff(this.#dialect),
      '0045-third-party-apis': thirdPartyApis,
      '0050-content-imports': contentImports(this.#dialect),
      '0070-analytics-text-search': analyticsTextSearch(this.#dialect),
      '0075-content-versions': contentVersions(this.#dialect),
      '0080-inbound-pending': inboundPending(this.#dialect),
      '0085-events-posted': eventsPosted,
      '0090-analytics-spoken-skills': analyticsSpokenSkills,
      '0095-reminders': reminders(this.#dialect),
      '0100-user-password-generated': userPasswordGenerated,
      '0105-training-embeddings-reason': trainingEmbeddingsReason,
      '0110-delivery-reason-codes': deliveryReasonCodes,
    };
  }
}
