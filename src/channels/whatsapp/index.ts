import type { ChannelDeps } from '../index.js';
import type { ChannelRuntime } from '../types.js';
import { createBaileysChannel } from './baileys-channel.js';
import { createCloudChannel } from './cloud.js';

/** The WhatsApp channel for WHATSAPP_MODE: Baileys (a linked device) or the official Cloud API webhook. */
export function createWhatsAppChannel(deps: ChannelDeps): ChannelRuntime {
  switch (deps.config.WHATSAPP_MODE) {
    case 'baileys':
      return createBaileysChannel(deps);
    case 'cloud':
      return createCloudChannel(deps);
    case 'off':
      throw new Error('createWhatsAppChannel: WHATSAPP_MODE is off');
  }
}

export { createBaileysChannel, createCloudChannel };
