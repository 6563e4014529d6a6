import type { RouteModule, ReadinessCheck } from '../server.js';

/** A running channel adapter, as main.ts wires it: optional routes and readiness, and a lifecycle. */
export interface ChannelRuntime {
  name: string;
  routes?: RouteModule;
  readiness?: ReadinessCheck;
  /** Starts background work (polling, sockets). Must not block on the network for long. */
  start(): Promise<void>;
  /** Stops taking new messages and finishes in-flight ones. */
  stop(): Promise<void>;
}
