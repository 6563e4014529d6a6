import type { Hono } from 'hono';
import QRCode from 'qrcode';
import type { SessionState } from '../../channels/whatsapp/supervisor.js';
import { requireRole } from '../access.js';
import type { AdminDeps } from '../index.js';
import type { AdminEnv } from '../types.js';
import { WhatsAppPage } from './page.js';

export type BaileysStatus = SessionState & { leader: boolean };

/** What the console knows of WhatsApp: the configured mode and, for Baileys, the live session state. */
export interface WhatsAppConsoleStatus {
  mode: 'off' | 'baileys' | 'cloud';
  status?: () => BaileysStatus;
}

/** The login QR as an SVG drawn on the server (no script or CDN in the browser). */
export const qrSvg = (payload: string) => QRCode.toString(payload, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });

/**
 * `/admin/whatsapp` (page) and `/admin/whatsapp/status` (JSON), admins only: the QR or pairing code lets
 * whoever sees it link a phone to Netra's number.
 */
export function whatsappPages(admin: Hono<AdminEnv>, deps: AdminDeps): void {
  const whatsapp = deps.whatsapp ?? { mode: 'off' as const };
  const current = () => (whatsapp.mode === 'baileys' && whatsapp.status ? { mode: whatsapp.mode, ...whatsapp.status() } : { mode: whatsapp.mode });

  admin.get('/admin/whatsapp/status', requireRole('admin'), (c) => c.json(current()));

  admin.get('/admin/whatsapp', requireRole('admin'), async (c) => {
    const state = whatsapp.mode === 'baileys' && whatsapp.status ? whatsapp.status() : undefined;
    const svg = state?.status === 'qr' && state.qr ? await qrSvg(state.qr) : undefined;
    return c.html(<WhatsAppPage actor={c.get('actor')} mode={whatsapp.mode} {...(state ? { state } : {})} {...(svg ? { qrSvg: svg } : {})} />);
  });
}
