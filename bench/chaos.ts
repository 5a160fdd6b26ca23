// `npm run bench:chaos`: the crash-safety scenarios of test/crash-safety-*.test.ts at full length,
// printing what was sent, acknowledged, found, duplicated and lost. Every target is on 127.0.0.1:
// app processes (src/main.ts), HAProxy (deploy/haproxy.cfg), a private redis-server on a free port,
// PostgreSQL from HELPER_TEST_DATABASE_URL (a fresh schema, dropped at the end).
//   HELPER_CHAOS_SECONDS (60)   load per scenario
import { storeVariants } from '../src/store/test-stores.js';
import type { MessengerLoadResult, RestLoadResult } from '../test/helpers/chaos.js';
import { clusterChaos, slowMessengerCrash, sqliteCrash } from '../test/helpers/chaos-scenarios.js';

const seconds = Number(process.env['HELPER_CHAOS_SECONDS'] ?? 60);
const variants = storeVariants();
const postgres = variants.find((variant) => variant.name === 'postgres')!;
const sqlite = variants.find((variant) => variant.name === 'sqlite')!;

function rest(result: RestLoadResult): string {
  return `REST messages: sent ${result.sent}, acknowledged ${result.acknowledged}, found ${result.found}, duplicated ${result.duplicated}, lost ${result.lost}, out of order ${result.outOfOrder}; unacknowledged ${result.unacknowledged} (${result.unacknowledgedRecorded} of them recorded anyway)`;
}

function messenger(result: MessengerLoadResult): string {
  return `Messenger events: sent ${result.events} (${result.deliveries} deliveries with Meta's retries), acknowledged ${result.acknowledged}, duplicated ${result.duplicated}, lost ${result.lost}, out of order ${result.outOfOrder}; answers recorded ${result.answers}, Send API messages received ${result.sendsDelivered}, duplicated ${result.sendsDuplicated}, lost ${result.sendsLost}`;
}

let failed = false;
function verdict(ok: boolean): string {
  if (!ok) failed = true;
  return ok ? 'PASS' : 'FAIL';
}

try {
  console.log(`Crash safety, ${seconds} s of load per scenario (2 shared cores: absolute rates are not the point)\n`);
  const kill = await clusterChaos({ location: await postgres.location(), processes: 3, restSenders: 12, messengerUsers: 6, loadMs: seconds * 1000, killEveryMs: 5_000 });
  console.log('1. Three app processes (PostgreSQL, Redis) behind HAProxy, one killed (SIGKILL) every 5 s and started again');
  console.log(`   kills ${kill.kills}`);
  console.log(`   ${rest(kill.rest)}`);
  console.log(`   ${messenger(kill.messenger)}`);
  console.log(`   Send API calls in flight at the kills (users with an item claimed by the killed process): ${kill.sendsInFlightAtKills}; duplicates allowed up to that`);
  console.log(`   outbox empty at the end: ${kill.outboxEmpty}; Redis lock keys without expiry: ${kill.locksWithoutExpiry}; scheduled training: ${kill.training.status}, model versions made ${kill.training.modelsMade}`);
  console.log(`   ${verdict(kill.rest.lost === 0 && kill.rest.duplicated === 0 && kill.rest.outOfOrder === 0 && kill.messenger.lost === 0 && kill.messenger.duplicated === 0 && kill.messenger.outOfOrder === 0 && kill.messenger.sendsLost === 0 && kill.messenger.sendsDuplicated <= kill.sendsInFlightAtKills && kill.outboxEmpty && kill.locksWithoutExpiry === 0 && kill.training.modelsMade <= 1)}\n`);

  const redis = await clusterChaos({ location: await postgres.location(), processes: 2, restSenders: 8, messengerUsers: 4, loadMs: seconds * 1000, killEveryMs: 0, redisRestartEveryMs: 8_000 });
  console.log('2. Two app processes behind HAProxy, their Redis killed and started again every 8 s (down 1 s each time)');
  console.log(`   Redis restarts ${redis.redisRestarts}`);
  console.log(`   ${rest(redis.rest)}`);
  console.log(`   ${messenger(redis.messenger)}`);
  console.log(`   ${verdict(redis.rest.lost === 0 && redis.rest.duplicated === 0 && redis.messenger.lost === 0 && redis.messenger.duplicated === 0 && redis.messenger.outOfOrder === 0 && redis.messenger.sendsLost === 0 && redis.messenger.sendsDuplicated === 0 && redis.outboxEmpty)}\n`);

  const single = await sqliteCrash({ location: await sqlite.location(), restSenders: 12, loadMs: seconds * 1000, killEveryMs: 4_000 });
  console.log('3. The single SQLite process, killed (SIGKILL) every 4 s and started again');
  console.log(`   kills ${single.kills}`);
  console.log(`   ${rest(single.rest)}`);
  console.log(`   ${verdict(single.rest.lost === 0 && single.rest.duplicated === 0 && single.rest.outOfOrder === 0)}\n`);

  const slow = await slowMessengerCrash({ location: await sqlite.location(), users: 8, loadMs: seconds * 1000, killEveryMs: 4_000, actionMs: 1_000 });
  console.log('4. The single SQLite process under Messenger load whose every third turn waits 1 s for an action server (past HELPER_WEBHOOK_ACK_MS, 300 ms: kept as pending inbound), killed every 4 s');
  console.log(`   kills ${slow.kills}`);
  console.log(`   ${messenger(slow.messenger)}`);
  console.log(`   pending inbound left: ${slow.pendingLeft}; outbox empty at the end: ${slow.outboxEmpty}`);
  console.log(`   ${verdict(slow.messenger.lost === 0 && slow.messenger.duplicated === 0 && slow.messenger.outOfOrder === 0 && slow.messenger.sendsLost === 0 && slow.pendingLeft === 0 && slow.outboxEmpty)}`);
} finally {
  await postgres.cleanup();
  await sqlite.cleanup();
}
process.exit(failed ? 1 : 0);
