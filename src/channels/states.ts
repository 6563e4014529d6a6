import type { ReadinessCheck } from '../server.js';
import type { ChannelRuntime } from './types.js';

/** One messaging channel's state: whether it is serving now, and what it reports (e.g. WhatsApp `connecting`). */
export interface ChannelState {
  channel: string;
  ok: boolean;
  detail?: unknown;
}

/**
 * The channels' checks as /readyz runs them: reported, but never critical. Readiness means "this instance can
 * serve requests" (database and knowledge); a channel that reconnects — or a replica that is not the WhatsApp
 * leader — must not take the web chat, webhooks and admin console of the instance out of the load balancer.
 */
export function channelReadinessChecks(channels: ChannelRuntime[]): ReadinessCheck[] {
  return channels.flatMap((c) => (c.readiness ? [{ ...c.readiness, critical: false }] : []));
}

/** Reads every channel's current state (for /metrics and status pages); a failing check reads as not ok. */
export function channelStates(channels: ChannelRuntime[]): () => Promise<ChannelState[]> {
  return () =>
    Promise.all(
      channelReadinessChecks(channels).map(async (r): Promise<ChannelState> => {
        try {
          const { ok, detail } = await r.check();
          return { channel: r.name, ok, ...(detail === undefined ? {} : { detail }) };
        } catch (error) {
          return { channel: r.name, ok: false, detail: String(error) };
        }
      }),
    );
}
