import type { ChannelDeps } from '../index.js';
import type { ChannelRuntime } from '../types.js';
import { createCloudChannel } from './cloud.js';

/**
 * The WhatsApp channel for WHATSAPP_MODE: Baileys (a linked device) or the official Cloud API webhook.
 * Baileys is loaded only in its own mode: its protocol tables and code are tens of MB of heap that a
 * Cloud-mode process would carry (and the collector would walk) for nothing.
 */
export async function createWhatsAppChannel(deps: ChannelDeps): Promise<ChannelRuntime> {
  switch (deps.config.WHATSAPP_MODE) {
    case 'baileys': {
      const { createBaileysChannel } = await import('./baileys-channel.js');
      return createBaileysChannel(deps);
    }
    case 'cloud':
      return createCloudChannel(deps);
    case 'off':
      throw new Error('createWhatsAppChannel: WHATSAPP_MODE is off');
  }
}

export { createCloudChannel };
