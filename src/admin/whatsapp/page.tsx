import { raw } from 'hono/html';
import type { Actor } from '../types.js';
import { Layout } from '../views/layout.js';
import type { BaileysStatus } from './routes.js';

const STATUS_TEXT: Record<BaileysStatus['status'], string> = {
  open: 'Tersambung. Netra menjawab pesan WhatsApp.',
  qr: 'Menunggu dipindai: buka WhatsApp di ponsel nomor Netra, pilih Perangkat tertaut → Tautkan perangkat, lalu pindai kode QR ini.',
  connecting: 'Sedang menyambung ke WhatsApp…',
  'logged-out': 'Perangkat dikeluarkan dari WhatsApp. Netra akan menampilkan kode baru untuk ditautkan ulang.',
  standby: 'Siaga: server lain memegang sesi WhatsApp ini.',
};

const TIME = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' });

export interface WhatsAppPageProps {
  actor: Actor;
  mode: 'off' | 'baileys' | 'cloud';
  state?: BaileysStatus;
  /** The QR as SVG markup made on the server by the qrcode package (no user input in it). */
  qrSvg?: string;
}

/** `/admin/whatsapp`: whether WhatsApp is on, the Baileys connection state, and the QR or pairing code to link. */
export function WhatsAppPage({ actor, mode, state, qrSvg }: WhatsAppPageProps) {
  return (
    <Layout title="WhatsApp" actor={actor} current="/admin/whatsapp" styles={['/admin/assets/whatsapp.css']} scripts={['/admin/assets/whatsapp.js']}>
      <h1>WhatsApp</h1>
      {mode === 'off' ? (
        <div class="card">
          <p>
            <strong>WhatsApp tidak aktif.</strong>
          </p>
          <p class="muted">
            Untuk mengaktifkannya, setel <code>WHATSAPP_MODE=baileys</code> (perangkat tertaut) atau <code>WHATSAPP_MODE=cloud</code> (WhatsApp Business Cloud API resmi), lalu jalankan ulang Netra.
          </p>
        </div>
      ) : null}
      {mode === 'cloud' ? (
        <div class="card">
          <p>
            <strong>WhatsApp Business Cloud API (resmi) aktif.</strong>
          </p>
          <p class="muted">Tidak perlu memindai kode QR: pesan masuk lewat webhook /webhooks/whatsapp.</p>
        </div>
      ) : null}
      {mode === 'baileys' && state ? (
        <div class="card wa-state" data-status={state.status} data-since={state.since}>
          <p class={`wa-status ${state.status}`} role="status">
            {STATUS_TEXT[state.status]}
          </p>
          <p class="muted">
            Sejak {TIME.format(new Date(state.since))} WIB{state.leader ? '' : ' · server ini tidak memegang sesi'}
          </p>
          {qrSvg ? (
            <div class="qr" role="img" aria-label="Kode QR untuk menautkan WhatsApp Netra">
              {raw(qrSvg)}
            </div>
          ) : null}
          {state.pairingCode ? (
            <div class="pairing">
              <p>Atau masukkan kode ini di ponsel (Perangkat tertaut → Tautkan dengan nomor telepon):</p>
              <p class="code" aria-label={`Kode penautan ${state.pairingCode.split('').join(' ')}`}>
                {state.pairingCode}
              </p>
            </div>
          ) : null}
          {state.lastError ? <p class="notice error">{state.lastError}</p> : null}
          {state.status !== 'open' ? <p class="muted small">Halaman ini diperbarui sendiri saat status berubah.</p> : null}
        </div>
      ) : null}
    </Layout>
  );
}
