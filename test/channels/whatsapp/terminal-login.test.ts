import { describe, expect, it } from 'vitest';
import { printLoginToTerminal } from '../../../src/channels/whatsapp/terminal-login.js';

describe('login shown in the terminal', () => {
  it('draws the QR as terminal art with instructions in Indonesian', () => {
    const out: string[] = [];
    printLoginToTerminal({ qr: '2@abcdefghijklmnopqrstuvwxyz,0123456789' }, (t) => out.push(t));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('Perangkat tertaut');
    expect(out[0]!.split('\n').length).toBeGreaterThan(10);
    expect(out[0]).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  it('prints the pairing code with where to type it', () => {
    const out: string[] = [];
    printLoginToTerminal({ pairingCode: 'NETRA123' }, (t) => out.push(t));
    expect(out.join('')).toContain('Kode penautan WhatsApp: NETRA123');
    expect(out.join('')).toContain('Tautkan dengan nomor telepon');
  });
});
