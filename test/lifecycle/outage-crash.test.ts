import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pseudonymousUserKey } from '../../src/core/pseudonym.js';
import { queryLog } from '../../src/db/schema.js';
import { TcpProxy } from '../analytics/tcp-proxy.js';
import { FakeBotApi } from '../channels/telegram/fake-bot-api.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { freePort, startNetraProcess, waitUntilReady, type NetraProcess } from './netra-process.js';

const SECRET = 'outage-crash-test-secret-0123456789';
const BOT_TOKEN = '7000001234:AAFakeTokenForTheOutageCrashTest';
const WEBHOOK_SECRET = 'outage-crash-webhook-secret';
const QUESTIONS = readFileSync(new URL('../fixtures/dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text)
  .slice(0, 50);

/** What the server acknowledged: web query ids (200 with a reply, and when) and Telegram users (webhook answered 200). */
interface Acknowledged {
  web: { id: string; at: number }[];
  telegram: number[];
}

/** The bound README promises for a kill -9: a log row is on disk at most this long after its reply (1 s), plus slack for a loaded CI machine. */
const DURABLE_WITHIN_MS = 2_000;

/**
 * Web and Telegram traffic from a few concurrent clients until `stop()`. Only what the server answered
 * with 200 counts as acknowledged; refused or failed requests are the client's to retry.
 */
function drive(url: string): { acked: Acknowledged; sent: () => number; stop: () => Promise<void> } {
  const acked: Acknowledged = { web: [], telegram: [] };
  let running = true;
  let sent = 0;
  let nextUser = 900_000_000;
  const client = async (lane: number) => {
    for (let i = 0; running; i++) {
      sent += 1;
      const text = QUESTIONS[(lane * 7 + i) % QUESTIONS.length]!;
      try {
        if (i % 2 === 0) {
          const res = await fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
          if (res.status === 200) acked.web.push({ id: ((await res.json()) as { queryId: string }).queryId, at: Date.now() });
          else await res.body?.cancel();
        } else {
          const user = (nextUser += 1);
          const update = {
            update_id: user,
            message: { message_id: i + 1, date: Math.floor(Date.now() / 1000), chat: { id: user, type: 'private', first_name: 'Sari' }, from: { id: user, is_bot: false, first_name: 'Sari' }, text },
          };
          const res = await fetch(`${url}/webhooks/telegram`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
            body: JSON.stringify(update),
          });
          await res.body?.cancel();
          if (res.status === 200) acked.telegram.push(user);
        }
      } catch {
        await new Promise((r) => setTimeout(r, 20)); // refused: the process is gone or stopping
      }
    }
  };
  const lanes = Array.from({ length: 6 }, (_, lane) => client(lane));
  return {
    acked,
    sent: () => sent,
    stop: async () => {
      running = false;
      await Promise.all(lanes);
    },
  };
}

const until = async (predicate: () => boolean | Promise<boolean>, what: string, attempts = 400) => {
  for (let i = 0; i < attempts; i++) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(!process.env.TEST_DATABASE_URL)('no acknowledged message lost when the process dies during a database outage', () => {
  let testDb: TestDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let bot: FakeBotApi | undefined;
  const procs: NetraProcess[] = [];

  afterEach(async () => {
    for (const p of procs.splice(0)) p.child.kill('SIGKILL');
    await proxy?.close();
    await bot?.stop();
    await testDb?.cleanup();
  });

  async function scenario(stopWith: 'SIGKILL' | 'SIGTERM') {
    testDb = await openTestDatabase('postgres');
    const direct = new URL(testDb.url!);
    proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    const viaProxy = new URL(testDb.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.start());
    bot = await new FakeBotApi().start();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'netra-outage-crash-')),
      DATABASE_URL: viaProxy.toString(),
      USER_KEY_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: bot.url,
    };
    const first = startNetraProcess(env);
    procs.push(first);
    await waitUntilReady(url, first);

    const traffic = drive(url);
    await until(() => traffic.acked.web.length + traffic.acked.telegram.length >= 60, 'traffic before the outage');
    await proxy.cut();
    const ackedAtCut = traffic.acked.web.length + traffic.acked.telegram.length;
    // Deep enough into the outage that the first inserts have failed and the log is spooling.
    await new Promise((r) => setTimeout(r, 4_000));
    const ackedInOutage = traffic.acked.web.length + traffic.acked.telegram.length - ackedAtCut;
    const killedAt = Date.now();
    first.child.kill(stopWith);
    const code = await first.exit;
    if (stopWith === 'SIGKILL' && code !== null) console.log(`first process exited by itself (${code}):\n${first.output().slice(-4000)}`);
    await traffic.stop();
    const acked = { web: [...traffic.acked.web], telegram: [...traffic.acked.telegram] };

    await proxy.restore();
    const second = startNetraProcess(env);
    procs.push(second);
    await waitUntilReady(url, second);

    const repliedTo = () => new Set(bot!.callsTo('sendMessage').map((c) => Number(c.payload.chat_id)));
    const logged = Object.assign(
      async () => {
        const rows = await testDb!.database.db.select({ id: queryLog.id, userKey: queryLog.userKey }).from(queryLog);
        logged.cache = new Set(rows.map((r) => r.id));
        return { ids: logged.cache, users: new Set(rows.map((r) => r.userKey)) };
      },
      { cache: undefined as Set<string> | undefined },
    );
    // A web question's reply is its HTTP response, so what can be lost is its log row: every row older
    // than the durability bound at the moment of the kill must be there. Telegram: a reply or a log row.
    const lost = async () => {
      const { ids, users } = await logged();
      const replied = repliedTo();
      return {
        web: acked.web.filter((q) => q.at < killedAt - DURABLE_WITHIN_MS && !ids.has(q.id)).length,
        telegram: acked.telegram.filter((user) => !replied.has(user) && !users.has(pseudonymousUserKey(SECRET, 'telegram', user))).length,
      };
    };
    // The restarted process replays the spool by itself; give it a bounded while.
    await until(async () => {
      const l = await lost();
      return l.web === 0 && l.telegram === 0;
    }, 'the spool replay', 200).catch(() => undefined);
    const result = await lost();
    const webRowsMissing = acked.web.filter((q) => !logged.cache?.has(q.id)).length;
    console.log(
      `${stopWith} mid-outage: acknowledged web ${acked.web.length}, telegram ${acked.telegram.length} (${ackedInOutage} during the outage); ` +
        `lost: web log rows older than ${DURABLE_WITHIN_MS} ms ${result.web}, telegram ${result.telegram}; web log rows missing in all ${webRowsMissing}; exit code ${code}`,
    );
    return { code, result, acked, ackedInOutage, output: first.output() };
  }

  it('kill -9 during the outage: every acknowledged message has a reply or a log row after restart', async () => {
    const { result, acked, ackedInOutage } = await scenario('SIGKILL');
    expect(acked.web.length).toBeGreaterThan(50);
    expect(acked.telegram.length).toBeGreaterThan(50);
    // Replies kept flowing from memory while the database was away.
    expect(ackedInOutage).toBeGreaterThan(50);
    expect(result).toEqual({ web: 0, telegram: 0 });
  }, 180_000);

  it('SIGTERM during the outage: stops accepting, spools what is in flight, exits 0, and nothing acknowledged is lost', async () => {
    const { code, result, output } = await scenario('SIGTERM');
    expect(code).toBe(0);
    expect(output).toMatch(/"msg":"stopped"/);
    expect(output).not.toMatch(/shutdown took too long/);
    expect(result).toEqual({ web: 0, telegram: 0 });
  }, 180_000);
});
